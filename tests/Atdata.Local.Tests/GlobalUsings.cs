global using Atdata.Runtime.Tests.Infrastructure;
global using Atdata.Testing;
global using NUnit.Framework;
