namespace Atdata;

/// <summary>How a <see cref="PackableAttribute"/> type's member names become msgpack keys.</summary>
public enum PackableNaming
{
    /// <summary><c>ImageUrl</c> becomes <c>image_url</c>, as Python datasets name their fields.</summary>
    SnakeCase,

    /// <summary>Names are used exactly as declared.</summary>
    AsDeclared,
}
