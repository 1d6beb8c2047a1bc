// Declared in the global namespace on purpose: the generator must handle it.
#pragma warning disable CA1050 // Declare types in namespaces
[Atdata.Packable]
public partial record GlobalNamespaceSample(string Label);
