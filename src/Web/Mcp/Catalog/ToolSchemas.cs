using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using Platform.Application.Common;

namespace Platform.Web.Mcp.Catalog;

/// <summary>
/// Generates a tool's JSON Schemas from its request (input) and result (output) types, walking the
/// dialect's serializer metadata (<see cref="JsonTypeInfo"/>: the member names, order and types the
/// dialect reads and writes); leaves (numbers, strings, booleans) come from the framework's
/// <see cref="JsonSchemaExporter"/>. Member attributes add what types cannot say:
/// <see cref="DescriptionAttribute"/>, <see cref="LengthAttribute"/>, <see cref="MinLengthAttribute"/>,
/// <see cref="MaxLengthAttribute"/> and <see cref="DefaultValueAttribute"/>. Enums are listed by the names
/// the dialect writes; timestamps are <c>date-time</c> strings; <see cref="JsonElement"/> is any JSON
/// value. A constructor parameter without a default value is required; an <see cref="Optional{T}"/>
/// member is the schema of its value and never required. Outputs require every member.
/// </summary>
public static class ToolSchemas
{
    /// <summary>The schema of a tool's arguments; <paramref name="closed"/> adds <c>additionalProperties: false</c> to every object.</summary>
    public static JsonElement Input(Type requestType, JsonSerializerOptions options, bool closed) =>
        JsonSerializer.SerializeToElement(new Walker(options, closed, input: true).Schema(requestType, member: null));

    /// <summary>The schema of a tool's structured result.</summary>
    public static JsonObject Output(Type resultType, JsonSerializerOptions options) =>
        new Walker(options, closed: false, input: false).Schema(resultType, member: null);

    /// <summary>
    /// The members a request must carry: its primary constructor's parameters without a default
    /// value, by their JSON names (the same list the input schema's <c>required</c> shows).
    /// </summary>
    public static IReadOnlyList<string> Required(Type type, JsonSerializerOptions options)
    {
        var typeInfo = options.GetTypeInfo(type);
        return typeInfo.Kind != JsonTypeInfoKind.Object
            ? []
            : [.. typeInfo.Properties.Where(p => p.AssociatedParameter is { HasDefaultValue: false, IsMemberInitializer: false } && !IsOptional(p.PropertyType)).Select(p => p.Name)];
    }

    private static bool IsOptional(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Optional<>);

    private sealed class Walker(JsonSerializerOptions options, bool closed, bool input)
    {
        private static readonly NullabilityInfoContext Nullability = new();

        // Nullability is decided here from the member's annotation, not by the exporter.
        private static readonly JsonSchemaExporterOptions Leaves = new() { TreatNullObliviousAsNonNullable = true };

        /// <summary>The schema of <paramref name="type"/>, as the value of <paramref name="member"/> when given.</summary>
        public JsonObject Schema(Type type, JsonPropertyInfo? member)
        {
            if (IsOptional(type))
            {
                var value = Schema(type.GetGenericArguments()[0], null);
                return member is not null && OptionalValueIsNullable(member) ? AllowNull(value) : value;
            }

            var underlying = Nullable.GetUnderlyingType(type);
            var schema = Core(underlying ?? type);
            var nullable = underlying is not null
                           || (member is not null && !type.IsValueType && member.AttributeProvider is PropertyInfo property
                               && Nullability.Create(property).ReadState == NullabilityState.Nullable);
            return nullable ? AllowNull(schema) : schema;
        }

        private JsonObject Core(Type type)
        {
            if (type == typeof(JsonElement))
            {
                return []; // any JSON value
            }

            if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
            {
                return new JsonObject { ["type"] = "string", ["format"] = "date-time" };
            }

            if (type.IsEnum)
            {
                var names = Enum.GetValues(type).Cast<object>()
                    .Select(v => (JsonNode)JsonSerializer.SerializeToElement(v, options.GetTypeInfo(type)).GetString()!);
                return new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. names]) };
            }

            var typeInfo = options.GetTypeInfo(type);
            switch (typeInfo.Kind)
            {
                case JsonTypeInfoKind.Object:
                    return ObjectSchema(typeInfo);
                case JsonTypeInfoKind.Enumerable:
                    return new JsonObject { ["type"] = "array", ["items"] = Schema(typeInfo.ElementType!, null) };
                case JsonTypeInfoKind.Dictionary:
                    return new JsonObject { ["type"] = "object", ["additionalProperties"] = Schema(typeInfo.ElementType!, null) };
                default:
                    return options.GetJsonSchemaAsNode(type, Leaves) as JsonObject ?? [];
            }
        }

        private JsonObject ObjectSchema(JsonTypeInfo typeInfo)
        {
            var properties = new JsonObject();
            foreach (var property in typeInfo.Properties.Where(p => input ? p.Set is not null || p.AssociatedParameter is not null : p.Get is not null))
            {
                var schema = Schema(property.PropertyType, property);
                if (input && property.AssociatedParameter is { HasDefaultValue: false, IsMemberInitializer: false })
                {
                    // A required argument must be given: null counts as missing.
                    DisallowNull(schema);
                }
                if (property.AttributeProvider is { } attributes)
                {
                    ApplyMemberAttributes(schema, attributes);
                }

                properties[property.Name] = schema;
            }

            var result = new JsonObject { ["type"] = "object", ["properties"] = properties };
            IReadOnlyList<string> required = input ? Required(typeInfo.Type, options) : [.. properties.Select(p => p.Key)];
            if (required.Count > 0)
            {
                result["required"] = new JsonArray([.. required.Select(n => (JsonNode)n)]);
            }

            if (closed)
            {
                result["additionalProperties"] = false;
            }

            return result;
        }

        private void ApplyMemberAttributes(JsonObject schema, ICustomAttributeProvider member)
        {
            foreach (var attribute in member.GetCustomAttributes(inherit: true))
            {
                switch (attribute)
                {
                    case LengthAttribute length:
                        schema["minLength"] = length.MinimumLength;
                        schema["maxLength"] = length.MaximumLength;
                        break;
                    case MinLengthAttribute min:
                        schema["minLength"] = min.Length;
                        break;
                    case MaxLengthAttribute max:
                        schema["maxLength"] = max.Length;
                        break;
                    case DefaultValueAttribute { Value: { } value }:
                        schema["default"] = JsonSerializer.SerializeToNode(value, options.GetTypeInfo(value.GetType()));
                        break;
                }
            }

            if (member.GetCustomAttributes(typeof(DescriptionAttribute), inherit: true) is [DescriptionAttribute description, ..])
            {
                schema["description"] = description.Description;
            }
        }

        /// <summary>Whether <c>Optional&lt;T&gt;</c>'s T admits null (<c>Optional&lt;string?&gt;</c>, <c>Optional&lt;int?&gt;</c>).</summary>
        private static bool OptionalValueIsNullable(JsonPropertyInfo member)
        {
            var valueType = member.PropertyType.GetGenericArguments()[0];
            if (Nullable.GetUnderlyingType(valueType) is not null)
            {
                return true;
            }

            return !valueType.IsValueType && member.AttributeProvider is PropertyInfo property
                   && Nullability.Create(property).GenericTypeArguments is [{ ReadState: NullabilityState.Nullable }];
        }

        private static void DisallowNull(JsonObject schema)
        {
            if (schema["type"] is JsonArray many && many.Count == 2 && many.Any(t => t?.GetValue<string>() == "null"))
            {
                schema["type"] = many.First(t => t?.GetValue<string>() != "null")!.GetValue<string>();
            }

            if (schema["enum"] is JsonArray values && values.IndexOf(null) is >= 0 and var index)
            {
                values.RemoveAt(index);
            }
        }

        private static JsonObject AllowNull(JsonObject schema)
        {
            switch (schema["type"])
            {
                case JsonValue single:
                    schema["type"] = new JsonArray(single.GetValue<string>(), "null");
                    break;
                case JsonArray many when !many.Any(t => t?.GetValue<string>() == "null"):
                    many.Add("null");
                    break;
            }

            if (schema["enum"] is JsonArray values && !values.Any(v => v is null))
            {
                values.Add(null);
            }

            return schema;
        }
    }
}
