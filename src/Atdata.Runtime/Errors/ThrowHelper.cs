using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Atdata;

/// <summary>
/// Creates and throws the SDK's exceptions. Throw sites stay out of hot methods so those remain small
/// enough to inline.
/// </summary>
internal static partial class ThrowHelper
{
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowSampleFormat(SampleFormatError error, string message, long offset, string? field = null)
        => throw new SampleFormatException(error, message, offset, field);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static T ThrowSampleFormat<T>(SampleFormatError error, string message, long offset, string? field = null)
        => throw new SampleFormatException(error, message, offset, field);

    public static SampleFormatException SampleFormat(SampleFormatError error, string message, long offset, string? field = null, Exception? inner = null)
        => new(error, message, offset, field, inner);
}
