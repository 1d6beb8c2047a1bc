namespace Atdata.Shared;

/// <summary>
/// A JSON-like object that keeps its keys in insertion order, as a Python <c>dict</c> does: the schema-JSON
/// writer emits keys in this order and the DAG-CBOR encoder sorts them canonically.
/// </summary>
/// <remarks>Values are <see langword="null"/>, <see cref="string"/>, <see cref="bool"/>, integers, lists and nested maps.</remarks>
internal sealed class OrderedMap : List<KeyValuePair<string, object?>>
{
    /// <summary>Creates an empty map.</summary>
    public OrderedMap()
    {
    }

    /// <summary>Appends a key (callers keep keys unique; both encoders reject duplicates).</summary>
    public void Add(string key, object? value) => Add(new KeyValuePair<string, object?>(key, value));
}
