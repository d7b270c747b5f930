using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using Platform.Application.Common;
using Platform.Application.Common.Tools;

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
    /// value and members marked <see cref="RequiredAttribute"/>, by their JSON names, in declaration
    /// order (the same list the input schema's <c>required</c> shows).
    /// </summary>
    public static IReadOnlyList<string> Required(Type type, JsonSerializerOptions options)
    {
        var typeInfo = options.GetTypeInfo(type);
        return typeInfo.Kind != JsonTypeInfoKind.Object
            ? []
            : [.. typeInfo.Properties.Where(IsRequired).Select(p => p.Name)];
    }

    private static bool IsRequired(JsonPropertyInfo property) =>
        !IsOptional(property.PropertyType)
        && (property.AssociatedParameter is { HasDefaultValue: false, IsMemberInitializer: false }
            || property.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: true) == true);

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

            if (member?.AttributeProvider?.GetCustomAttributes(typeof(JsonShapeAttribute), inherit: true) is [JsonShapeAttribute shape, ..])
            {
                return Schema(shape.Type, null);
            }

            var underlying = Nullable.GetUnderlyingType(type);
            var schema = Core(underlying ?? type);
            return underlying is not null || (member is not null && !type.IsValueType && ReferenceAdmitsNull(member)) ? AllowNull(schema) : schema;
        }

        private JsonObject Core(Type type)
        {
            if (type == typeof(JsonElement) || type == typeof(JsonText))
            {
                return []; // any JSON value
            }

            if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
            {
                return new JsonObject { ["type"] = "string", ["format"] = "date-time" };
            }

            if (Numeric(type) is { } numeric)
            {
                return new JsonObject { ["type"] = numeric };
            }

            if (type == typeof(string))
            {
                return new JsonObject { ["type"] = "string" };
            }

            if (type == typeof(bool))
            {
                return new JsonObject { ["type"] = "boolean" };
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
                    var items = Schema(typeInfo.ElementType!, null);
                    if (input)
                    {
                        DisallowNull(items); // an element is nullable only so that validation can name it
                    }

                    return new JsonObject { ["type"] = "array", ["items"] = items };
                case JsonTypeInfoKind.Dictionary:
                    return new JsonObject { ["type"] = "object", ["additionalProperties"] = Schema(typeInfo.ElementType!, null) };
                default:
                    return options.GetJsonSchemaAsNode(type, Leaves) as JsonObject ?? [];
            }
        }

        /// <summary>Numbers by their type, not their converter (a dialect may read integers its own way).</summary>
        private static string? Numeric(Type type) =>
            type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte)
            || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort) || type == typeof(sbyte)
                ? "integer"
                : type == typeof(double) || type == typeof(float) || type == typeof(decimal) ? "number" : null;

        private JsonObject ObjectSchema(JsonTypeInfo typeInfo)
        {
            var properties = new JsonObject();
            foreach (var property in typeInfo.Properties.Where(p => input ? p.Set is not null || p.AssociatedParameter is not null : p.Get is not null))
            {
                var schema = Schema(property.PropertyType, property);
                if (input && IsRequired(property))
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

        /// <summary>Inputs: only with <see cref="AcceptsNullAttribute"/>; outputs: the member's nullable annotation.</summary>
        private bool ReferenceAdmitsNull(JsonPropertyInfo member) =>
            input
                ? member.AttributeProvider?.IsDefined(typeof(AcceptsNullAttribute), inherit: true) == true
                : member.AttributeProvider is PropertyInfo property && Nullability.Create(property).ReadState == NullabilityState.Nullable;

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
