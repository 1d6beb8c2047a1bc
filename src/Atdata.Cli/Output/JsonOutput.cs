using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Atdata.Cli.Output;

/// <summary>
/// Writes a verb's <c>--json</c> document with <see cref="Utf8JsonWriter"/> (no reflection, so NativeAOT-safe):
/// indented, camelCase property names, one document per run.
/// </summary>
internal static class JsonOutput
{
    private static readonly JsonWriterOptions s_options = new()
    {
        Indented = true,
        // Readable non-ASCII text; the output is a terminal or a pipe, never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(TextWriter output, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, s_options))
        {
            write(writer);
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    /// <summary>Writes a string array property.</summary>
    public static void WriteStrings(this Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (string value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes a string property, or null.</summary>
    public static void WriteNullableString(this Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
