global using Atdata.Testing;
