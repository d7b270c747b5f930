using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Platform.Web.Http;

namespace Platform.Web.Mcp.OAuthJsonRpc;

/// <summary>
/// A tool result in the /api/mcp (Zuko) wire shape: the text block (the data as 2-space indented
/// JSON, as the original's <c>JSON.stringify(x, null, 2)</c>) and the structured content (always an
/// object: the same object, or <c>{"tasks": [...]}</c> / <c>{"organizations": [...]}</c> for lists).
/// </summary>
public sealed record ZukoToolResult(string Text, JsonElement StructuredContent);

/// <summary>Writes results with System.Text.Json from the dialect's source-generated metadata (<see cref="ZukoJson"/>).</summary>
internal static class ZukoResults
{
    private static readonly JsonWriterOptions Indented = new()
    {
        Indented = true,
        IndentSize = 2,
        IndentCharacter = ' ',
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static ZukoToolResult Object<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        using var buffer = new PooledBufferWriter(4096);
        Write(buffer, value, typeInfo);
        return new ZukoToolResult(Encoding.UTF8.GetString(buffer.WrittenSpan), JsonElement.Parse(buffer.WrittenSpan));
    }

    /// <summary>The text is the array; the structured content wraps the same array as <c>{"key": [...]}</c>.</summary>
    public static ZukoToolResult List<T>(string key, IReadOnlyList<T> items, JsonTypeInfo<IReadOnlyList<T>> typeInfo)
    {
        using var buffer = new PooledBufferWriter(1024 + (items.Count * 1024));
        Write(buffer, items, typeInfo);
        var array = buffer.WrittenSpan;
        var text = Encoding.UTF8.GetString(array);

        // {"<key>":<the same array>} without writing the items twice (the parse copies what it keeps).
        var prefixLength = key.Length + 4;
        var length = prefixLength + array.Length + 1;
        var wrapped = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            wrapped[0] = (byte)'{';
            wrapped[1] = (byte)'"';
            Encoding.ASCII.GetBytes(key, wrapped.AsSpan(2));
            wrapped[key.Length + 2] = (byte)'"';
            wrapped[key.Length + 3] = (byte)':';
            array.CopyTo(wrapped.AsSpan(prefixLength));
            wrapped[length - 1] = (byte)'}';
            return new ZukoToolResult(text, JsonElement.Parse(wrapped.AsSpan(0, length)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(wrapped);
        }
    }

    private static void Write<T>(PooledBufferWriter buffer, T value, JsonTypeInfo<T> typeInfo)
    {
        using var writer = new Utf8JsonWriter(buffer, Indented);
        JsonSerializer.Serialize(writer, value, typeInfo);
    }
}
