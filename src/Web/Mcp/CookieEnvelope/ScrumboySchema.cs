using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Web.Mcp.CookieEnvelope;

/// <summary>Small builders for the tools' JSON input schemas (objects are closed: additionalProperties false).</summary>
internal static class ScrumboySchema
{
    public static JsonElement Input(string[] required, params (string Name, JsonObject Schema)[] properties) =>
        JsonSerializer.SerializeToElement(Object(required, properties));

    public static JsonObject Object(string[] required, params (string Name, JsonObject Schema)[] properties)
    {
        var props = new JsonObject();
        foreach (var (name, schema) in properties)
        {
            props[name] = schema;
        }

        var result = new JsonObject { ["type"] = "object", ["properties"] = props };
        if (required.Length > 0)
        {
            result["required"] = new JsonArray(required.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray());
        }

        result["additionalProperties"] = false;
        return result;
    }

    public static JsonObject NullableObject(string description, params (string Name, JsonObject Schema)[] properties)
    {
        var schema = Object([], properties);
        schema["type"] = new JsonArray("object", "null");
        schema["description"] = description;
        return schema;
    }

    public static JsonObject String(string description) => Typed("string", description);

    public static JsonObject NullableString(string description) => Typed(["string", "null"], description);

    public static JsonObject Integer(string description) => Typed("integer", description);

    public static JsonObject NullableInteger(string description) => Typed(["integer", "null"], description);

    public static JsonObject StringArray(string description)
    {
        var schema = Typed("array", description);
        schema["items"] = new JsonObject { ["type"] = "string" };
        return schema;
    }

    public static JsonObject IntegerArray(string description)
    {
        var schema = Typed("array", description);
        schema["items"] = new JsonObject { ["type"] = "integer" };
        return schema;
    }

    public static JsonObject StringMap(string description)
    {
        var schema = Typed("object", description);
        schema["additionalProperties"] = new JsonObject { ["type"] = "string" };
        return schema;
    }

    public static JsonObject Patch(string description, params (string Name, JsonObject Schema)[] properties)
    {
        var schema = Object([], properties);
        schema["description"] = description;
        return schema;
    }

    public static (string, JsonObject) ProjectSlug => ("projectSlug", String("The project's slug (from projects.list)."));

    public static (string, JsonObject) LocalId => ("localId", Integer("The todo's number within the project."));

    public static (string, JsonObject) SprintId => ("sprintId", Integer("The sprint's id (from sprints.list)."));

    private static JsonObject Typed(string type, string description) => new() { ["type"] = type, ["description"] = description };

    private static JsonObject Typed(string[] types, string description) =>
        new() { ["type"] = new JsonArray(types.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()), ["description"] = description };
}
