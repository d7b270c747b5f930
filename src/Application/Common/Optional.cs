using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Application.Common;

/// <summary>
/// A value that may be absent: the one idiom for partial updates (e.g. <c>update_task</c> with
/// <c>assignee: null</c> clears it, without <c>assignee</c> keeps it). In JSON a member that is present
/// (null included) is <see cref="Of"/> its value and an absent member stays <see cref="None"/>, so a
/// request type with <see cref="Optional{T}"/> members deserializes straight from a patch body.
/// </summary>
[JsonConverter(typeof(OptionalJsonConverterFactory))]
public readonly record struct Optional<T>
{
    private Optional(T value)
    {
        Value = value;
        HasValue = true;
    }

    public bool HasValue { get; }

    public T Value { get; }

    public static Optional<T> None => default;

    public static Optional<T> Of(T value) => new(value);

    public static implicit operator Optional<T>(T value) => new(value);
}

/// <summary>Builds <see cref="Optional{T}"/> values.</summary>
public static class Optional
{
    /// <summary>For bodies where null means "not given": null ⇒ <see cref="Optional{T}.None"/>, a value ⇒ <see cref="Optional{T}.Of"/>.</summary>
    public static Optional<T> IfNotNull<T>(T? value)
        where T : class => value is null ? Optional<T>.None : Optional<T>.Of(value);
}

/// <summary>Reads a present member (null included) as <see cref="Optional{T}.Of"/>; writes the value, or null when absent.</summary>
public sealed class OptionalJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(Optional<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(OptionalJsonConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class OptionalJsonConverter<T> : JsonConverter<Optional<T>>
    {
        // A present JSON null must reach Read (it means "clear"), not be skipped as "absent".
        public override bool HandleNull => true;

        // The value's own converter, called directly so that a failure keeps the member's path ($.assignee).
        public override Optional<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Optional<T>.Of(((JsonConverter<T>)options.GetConverter(typeof(T))).Read(ref reader, typeof(T), options)!);

        public override void Write(Utf8JsonWriter writer, Optional<T> value, JsonSerializerOptions options)
        {
            if (value.HasValue)
            {
                JsonSerializer.Serialize(writer, value.Value, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)));
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }
}
