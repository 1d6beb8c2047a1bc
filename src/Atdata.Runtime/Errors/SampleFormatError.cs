namespace Atdata;

/// <summary>The category of a <see cref="SampleFormatException"/>.</summary>
public enum SampleFormatError
{
    /// <summary>The bytes are not valid msgpack (for example the reserved code <c>0xc1</c>).</summary>
    InvalidMsgpack,

    /// <summary>The input ended before a value, or a declared length runs past the end of the input.</summary>
    Truncated,

    /// <summary>A value has a msgpack type that the field cannot hold (a string where an integer belongs).</summary>
    WrongType,

    /// <summary>An integer does not fit the field's .NET type.</summary>
    OutOfRange,

    /// <summary>A required field is absent from the sample map.</summary>
    MissingField,

    /// <summary>The same key appears twice in one sample map.</summary>
    DuplicateField,

    /// <summary>Bytes remain after the top-level value.</summary>
    TrailingBytes,

    /// <summary>Arrays and maps are nested deeper than the configured limit.</summary>
    DepthExceeded,

    /// <summary>A string is not valid UTF-8, or a map key is not a string.</summary>
    InvalidString,

    /// <summary>A declared size exceeds a configured cap.</summary>
    TooLarge,

    /// <summary>An array payload (compact or <c>.npy</c>) is malformed: header, dtype, shape or data length.</summary>
    InvalidArray,
}
