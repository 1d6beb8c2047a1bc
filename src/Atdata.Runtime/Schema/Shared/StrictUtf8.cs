using System.Text;

namespace Atdata.Shared;

/// <summary>UTF-8 that refuses unpaired surrogates instead of replacing them with U+FFFD.</summary>
/// <remarks>
/// Python cannot encode a <c>str</c> holding a lone surrogate as UTF-8 either, so refusing keeps field IDs and
/// CIDs from silently hashing a different string. Shared by file link with the netstandard2.0 generator.
/// </remarks>
internal static class StrictUtf8
{
    private static readonly UTF8Encoding s_encoding = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The UTF-8 bytes of <paramref name="text"/>.</summary>
    /// <exception cref="ArgumentException">The text holds an unpaired surrogate.</exception>
    public static byte[] GetBytes(string text) => s_encoding.GetBytes(text);
}
