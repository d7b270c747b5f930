using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MediatR;
using Platform.Application.Common.Security;
using Platform.Application.Common.Tools;
using Platform.Domain.Common;
using Platform.Domain.Organizations;
using Platform.Web.Mcp.Catalog;
using Platform.Web.Mcp.CookieEnvelope;
using Platform.Web.Mcp.OAuthJsonRpc;
using ArgumentText = System.ComponentModel.DescriptionAttribute;

namespace Platform.UnitTests.Web.Mcp;

/// <summary>
/// A tool is described once, on its request: the catalog's name, texts, hints and scope come from
/// the request's attributes, the input schema from its members, and the decoder reads the same members.
/// </summary>
public sealed class ToolDescriptionTests
{
    private static readonly ToolCatalog Zuko = ZukoTools.CreateCatalog();
    private static readonly ToolCatalog Envelope = ScrumboyTools.Build();

    private static IEnumerable<ToolDefinition> RequestBackedTools() => Zuko.Tools.Concat(Envelope.Tools).Where(t => t.RequestType is not null);

    [Test]
    public void Every_tool_is_request_backed_except_the_envelope_describing_itself()
    {
        Assert.That(Zuko.Tools.Select(t => t.RequestType), Has.None.Null);
        Assert.That(Envelope.Tools.Where(t => t.RequestType is null).Select(t => t.Name), Is.EqualTo(new[] { "system.getCapabilities" }));
    }

    [Test]
    public void Every_request_described_as_a_tool_is_served_by_a_dialect()
    {
        var described = typeof(ToolAttribute).Assembly.GetTypes().Where(t => t.IsDefined(typeof(ToolAttribute), inherit: false));
        var served = RequestBackedTools().Select(t => t.RequestType).ToHashSet();

        Assert.That(described.Where(t => !served.Contains(t)).Select(t => t.Name), Is.Empty);
    }

    [TestCaseSource(nameof(RequestBackedTools))]
    public void Deletes_and_removals_are_destructive_and_reads_are_read_only(ToolDefinition tool)
    {
        var verb = tool.Name.Split('.', '_').Last();
        Assert.That(tool.Destructive, Is.EqualTo(verb.StartsWith("delete", StringComparison.OrdinalIgnoreCase) || verb == "remove"), tool.Name);
        if (tool.ReadOnly)
        {
            Assert.That(tool.Destructive, Is.False, tool.Name);
        }
    }

    [TestCaseSource(nameof(RequestBackedTools))]
    public void The_catalog_scope_is_the_scope_of_the_request(ToolDefinition tool)
    {
        var authorize = tool.RequestType!.GetCustomAttribute<AuthorizeAttribute>();

        Assert.That(authorize, Is.Not.Null, $"{tool.RequestType!.Name} declares who may run it");
        Assert.That(tool.RequiredScope, Is.EqualTo(authorize!.Scope));
    }

    [TestCaseSource(nameof(RequestBackedTools))]
    public void Name_texts_and_hints_come_from_the_request(ToolDefinition tool)
    {
        var described = tool.RequestType!.GetCustomAttribute<ToolAttribute>()!;

        Assert.Multiple(() =>
        {
            Assert.That(tool.Name, Is.EqualTo(described.Name));
            Assert.That(tool.Title, Is.EqualTo(described.Title));
            Assert.That(tool.Description, Is.EqualTo(described.Description));
            Assert.That(tool.ReadOnly, Is.EqualTo(described.ReadOnly));
            Assert.That(tool.Destructive, Is.EqualTo(described.Destructive));
            Assert.That(tool.Idempotent, Is.EqualTo(described.Idempotent));
        });
    }

    [TestCaseSource(nameof(RequestBackedTools))]
    public void Every_argument_has_a_description(ToolDefinition tool)
    {
        foreach (var property in tool.InputSchema.GetProperty("properties").EnumerateObject())
        {
            Assert.That(property.Value.TryGetProperty("description", out var text) && text.GetString()!.Length > 0, $"{tool.Name}.{property.Name}");
        }
    }

    [Test]
    public void The_title_limit_is_the_entity_constant_in_both_task_tools()
    {
        foreach (var name in new[] { "create_task", "update_task" })
        {
            Zuko.TryGet(name, out var tool);
            var title = tool!.InputSchema.GetProperty("properties").GetProperty("title");

            Assert.That(title.GetProperty("maxLength").GetInt32(), Is.EqualTo(WorkTask.MaxTitleLength), name);
            Assert.That(title.GetProperty("minLength").GetInt32(), Is.EqualTo(1), name);
        }
    }

    [Test]
    public void Statuses_are_listed_by_their_wire_names_and_the_default_is_one_of_them()
    {
        Zuko.TryGet("create_task", out var tool);
        var status = tool!.InputSchema.GetProperty("properties").GetProperty("status");

        Assert.That(status.GetProperty("enum").EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()),
            Is.EqualTo(WorkTaskStatusNames.All));
        Assert.That(status.GetProperty("default").GetString(), Is.EqualTo("TODO"));
    }

    [Test]
    public void Partial_update_members_are_never_required_and_keep_their_nullability()
    {
        Zuko.TryGet("update_task", out var tool);
        var properties = tool!.InputSchema.GetProperty("properties");

        Assert.Multiple(() =>
        {
            Assert.That(tool.InputSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "taskId" }));
            Assert.That(properties.GetProperty("title").GetProperty("type").GetString(), Is.EqualTo("string"), "a title cannot be cleared");
            Assert.That(properties.GetProperty("assignee").GetProperty("type").EnumerateArray().Select(e => e.GetString()),
                Is.EqualTo(new[] { "string", "null" }), "null clears the assignee");
            Assert.That(properties.GetProperty("description").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "description" }),
                "any JSON value");
        });
    }

    [Test]
    public void Output_schemas_require_every_member_of_the_result()
    {
        Zuko.TryGet("get_task", out var tool);
        var output = tool!.OutputSchema!.Value;

        Assert.That(output.GetProperty("required").GetArrayLength(), Is.EqualTo(output.GetProperty("properties").EnumerateObject().Count()));
        Assert.That(output.GetProperty("properties").GetProperty("parent").GetProperty("type").EnumerateArray().Select(e => e.GetString()),
            Is.EqualTo(new[] { "object", "null" }));
    }

    // Adding an argument to a tool is one change in its request (plus its validator): the schema and
    // the decoding follow. DemoCommand and DemoCommandWithPriority differ only by the new member.
    private static readonly JsonSerializerOptions DemoJson = new(ZukoJson.Default.Options)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(ZukoJson.Default, new DefaultJsonTypeInfoResolver()),
    };

    [Test]
    public void A_new_request_member_reaches_the_schema_and_the_decoder()
    {
        var before = ToolSchemas.Input(typeof(DemoCommand), DemoJson, closed: false);
        var after = ToolSchemas.Input(typeof(DemoCommandWithPriority), DemoJson, closed: false);
        var arguments = JsonElement.Parse("""{"title":"Ship it","priority":3}""");

        var decoded = ZukoArguments.Decode(arguments, (JsonTypeInfo<DemoCommandWithPriority>)DemoJson.GetTypeInfo(typeof(DemoCommandWithPriority)),
            ToolSchemas.Required(typeof(DemoCommandWithPriority), DemoJson));

        Assert.Multiple(() =>
        {
            Assert.That(before.GetProperty("properties").TryGetProperty("priority", out _), Is.False);
            Assert.That(after.GetProperty("properties").GetProperty("priority").ToString(),
                Is.EqualTo("""{"type":["integer","null"],"description":"1 (highest) to 5"}"""));
            Assert.That(after.GetProperty("required").ToString(), Is.EqualTo(before.GetProperty("required").ToString()));
            Assert.That(decoded, Is.EqualTo(new DemoCommandWithPriority("Ship it", 3)));
        });
    }

    [Test]
    public void The_decoder_names_the_member_a_wrong_type_was_given_for()
    {
        var typeInfo = (JsonTypeInfo<DemoCommandWithPriority>)DemoJson.GetTypeInfo(typeof(DemoCommandWithPriority));
        var required = ToolSchemas.Required(typeof(DemoCommandWithPriority), DemoJson);

        var wrongType = Assert.Throws<ValidationFailedException>(() => ZukoArguments.Decode(JsonElement.Parse("""{"title":"x","priority":"high"}"""), typeInfo, required));
        var missing = Assert.Throws<ValidationFailedException>(() => ZukoArguments.Decode(JsonElement.Parse("""{"priority":1}"""), typeInfo, required));

        Assert.That(wrongType!.Message, Is.EqualTo("priority must be an integer"));
        Assert.That(missing!.Message, Is.EqualTo("title is required"));
    }

    [Tool("demo_create", "A test-only tool.")]
    [Authorize(Scope = Scopes.TasksWrite)]
    private sealed record DemoCommand(
        [property: ArgumentText("What to do"), Length(1, 100)] string? Title) : IRequest<int>;

    [Tool("demo_create", "A test-only tool.")]
    [Authorize(Scope = Scopes.TasksWrite)]
    private sealed record DemoCommandWithPriority(
        [property: ArgumentText("What to do"), Length(1, 100)] string? Title,
        [property: ArgumentText("1 (highest) to 5")] int? Priority = null) : IRequest<int>;
}
