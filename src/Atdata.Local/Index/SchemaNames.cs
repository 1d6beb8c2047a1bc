namespace Atdata.Local;

/// <summary>Schema names as stored by every era of Python atdata.</summary>
internal static class SchemaNames
{
    /// <summary>Reduces a legacy <c>module.Class</c> name to <c>Class</c> (interop §3.4); other names are kept.</summary>
    public static string WithoutModule(string name)
    {
        int dot = name.LastIndexOf('.');
        return dot >= 0 ? name[(dot + 1)..] : name;
    }
}
