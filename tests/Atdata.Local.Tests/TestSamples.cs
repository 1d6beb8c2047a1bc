namespace Atdata.Local.Tests;

[Packable]
public partial record TextSample(string Text, long Id);
