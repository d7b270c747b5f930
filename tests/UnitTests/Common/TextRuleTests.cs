using System.Reflection;
using System.Text.Json;
using FluentValidation;
using MediatR;
using Platform.Application.Boards.Board.GetBoard;
using Platform.Application.Boards.Todos.CreateTodo;
using Platform.Application.Boards.Todos.UpdateTodo;
using Platform.Application.Common.Behaviors;
using Platform.Application.Common.Validation;
using Platform.Application.Identity.OAuth.Authorize;
using Platform.Application.Organizations.Tasks;
using Platform.Application.Organizations.Tasks.CreateTask;
using Platform.Application.Organizations.Tasks.GetTask;
using Platform.Application.Organizations.Tasks.UpdateTask;
using Platform.Domain.Common;

namespace Platform.UnitTests.Common;

/// <summary>The one text rule (NUL, lone surrogates) and its generic application to every request.</summary>
public sealed class TextRuleTests
{
    // Built in code: attribute arguments are stored as UTF-8, which would turn a lone surrogate into U+FFFD.
    private static readonly object[] Refused =
    [
        new object[] { "\0", TextRule.NulMessage },
        new object[] { "abc\0def", TextRule.NulMessage },
        new object[] { "\ud800", TextRule.InvalidUnicodeMessage },
        new object[] { "x\ud800y", TextRule.InvalidUnicodeMessage },
        new object[] { "x\udbff", TextRule.InvalidUnicodeMessage },
        new object[] { "\udc00", TextRule.InvalidUnicodeMessage },
        new object[] { "\udfffx", TextRule.InvalidUnicodeMessage },
        new object[] { "\ud83d\ud83d\ude00", TextRule.InvalidUnicodeMessage },
        new object[] { "\ude00\ud83d", TextRule.InvalidUnicodeMessage },
    ];

    [TestCaseSource(nameof(Refused))]
    public void Nul_and_lone_surrogates_are_refused(string text, string problem) =>
        Assert.That(TextRule.Problem(text), Is.EqualTo(problem));

    [TestCase("")]
    [TestCase("plain ASCII")]
    [TestCase("\ud83d\ude00 emoji")]
    [TestCase("👩‍👩‍👧‍👦 family (ZWJ sequence)")]
    [TestCase("\U0010FFFF last code point")]
    [TestCase("Ω≈ç√ ẞ İ")]
    [TestCase("\u202eevil\u202c and \u2066isolates\u2069 and \u200f")]
    [TestCase("\u200b\u200c\u200d\ufeff")]
    [TestCase("\u0001\u001f\u007f\u0085\r\n\t")]
    [TestCase("\ufffe\uffff noncharacters")]
    public void Valid_unicode_without_nul_is_allowed_bidi_controls_included(string text) =>
        Assert.That(TextRule.Problem(text), Is.Null);

    [TestCase("""{"a":["x","\u0000"]}""", "description.a[1]", TextRule.NulMessage)]
    [TestCase("""{"a":{"b":"\ud800"}}""", "description.a.b", TextRule.InvalidUnicodeMessage)]
    [TestCase("""["\udc00"]""", "description[0]", TextRule.InvalidUnicodeMessage)]
    [TestCase("\"\\u0000\"", "description", TextRule.NulMessage)]
    [TestCase("""{"\ud800":1}""", "description", TextRule.InvalidUnicodeMessage)]
    [TestCase("""{"a\u0000":1}""", "description", TextRule.NulMessage)]
    [TestCase("""{"odd key!":"\u0000"}""", "description", TextRule.NulMessage)]
    public void Json_values_are_checked_at_every_depth_member_names_included(string json, string path, string problem)
    {
        var found = TextRule.FindInJson(JsonDocument.Parse(json).RootElement, "description");

        Assert.That(found, Is.EqualTo((path, problem)));
    }

    [TestCase("""{"a":["\ud83d\ude00","\u202e"],"b":{"c":null,"d":1.5,"e":true}}""")]
    [TestCase("""[]""")]
    [TestCase("""42""")]
    public void Clean_json_passes(string json) =>
        Assert.That(TextRule.FindInJson(JsonDocument.Parse(json).RootElement, "description"), Is.Null);

    [Test]
    public void Create_task_with_a_nul_title_fails_before_the_handler_naming_the_field()
    {
        var error = Validate(new CreateTaskCommand("a\0b"), new CreateTaskCommandValidator());

        Assert.That(error.Code, Is.EqualTo(ErrorCodes.Validation));
        Assert.That(error.Message, Is.EqualTo("title: text contains a NUL character"));
        Assert.That(error.Details["field"], Is.EqualTo("title"));
    }

    [Test]
    public void The_text_rule_runs_before_the_requests_own_validators()
    {
        // Too long AND invalid: the text rule answers first.
        var error = Validate(new CreateTaskCommand(new string('x', 600) + "\ud800"), new CreateTaskCommandValidator());

        Assert.That(error.Message, Is.EqualTo("title: text is not valid Unicode (unpaired surrogate)"));
    }

    [Test]
    public void Json_descriptions_and_optional_fields_are_checked()
    {
        var description = JsonDocument.Parse("""{"steps":["ok","\u0000"]}""").RootElement.Clone();

        var create = Validate(new CreateTaskCommand("t", Description: description), new CreateTaskCommandValidator());
        var update = Validate(new UpdateTaskCommand(1) { Description = description }, new UpdateTaskCommandValidator());
        var assignee = Validate(new UpdateTaskCommand(1) { Assignee = "\udc00" }, new UpdateTaskCommandValidator());

        Assert.That(create.Message, Is.EqualTo("description.steps[1]: text contains a NUL character"));
        Assert.That(create.Details["field"], Is.EqualTo("description"));
        Assert.That(update.Message, Is.EqualTo(create.Message));
        Assert.That(assignee.Message, Is.EqualTo("assignee: text is not valid Unicode (unpaired surrogate)"));
        Assert.That(assignee.Details["field"], Is.EqualTo("assignee"));
    }

    [Test]
    public void Lists_dictionaries_and_json_patches_are_checked()
    {
        var tags = Validate<CreateTodoCommand, Platform.Application.Boards.Common.TodoDto>(new CreateTodoCommand("p", "t", Tags: ["fine", "bad\0"]));
        var cursor = Validate<GetBoardQuery, Platform.Application.Boards.Common.BoardDto>(
            new GetBoardQuery("p", CursorByColumn: new Dictionary<string, string?> { ["backlog"] = "ok", ["do\0ing"] = "x" }));
        var patch = Validate<UpdateTodoCommand, Platform.Application.Boards.Common.TodoDto>(
            new UpdateTodoCommand("p", 1, JsonDocument.Parse("""{"title":"\ud800"}""").RootElement));

        Assert.That((tags.Message, tags.Details["field"]), Is.EqualTo(("tags[1]: text contains a NUL character", (object?)"tags")));
        Assert.That((cursor.Message, cursor.Details["field"]), Is.EqualTo(("cursorByColumn: text contains a NUL character", (object?)"cursorByColumn")));
        Assert.That((patch.Message, patch.Details["field"]), Is.EqualTo(("patch.title: text is not valid Unicode (unpaired surrogate)", (object?)"patch")));
    }

    [Test]
    public async Task Valid_text_reaches_the_handler()
    {
        var behavior = new ValidationBehavior<CreateTaskCommand, CreatedTaskDto>([new CreateTaskCommandValidator()]);
        var called = false;

        await behavior.Handle(new CreateTaskCommand("\u202eright-to-left \ud83d\ude00", Assignee: "Zoë"), CancellationToken.None, () =>
        {
            called = true;
            return Task.FromResult<CreatedTaskDto>(null!);
        });

        Assert.That(called, Is.True);
    }

    [Test]
    public void Requests_without_text_and_exempt_oauth_requests_cost_nothing()
    {
        Assert.That(RequestTextValidator<GetTaskQuery>.Instance, Is.Null);
        Assert.That(RequestTextValidator<AuthorizeCommand>.Instance, Is.Null);
        Assert.That(RequestTextValidator<CreateTaskCommand>.Instance, Is.Not.Null);
    }

    [Test]
    public void Every_request_carrying_text_is_checked_or_says_why_not()
    {
        var requests = Platform.Application.DependencyInjection.Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(IBaseRequest).IsAssignableFrom(t))
            .ToList();
        var uncovered = requests
            .Where(t => t.GetProperties().Any(p => p.PropertyType == typeof(string) || p.PropertyType == typeof(JsonElement?)))
            .Where(t => !RequestText.Applies(t) && t.GetCustomAttribute<TextRuleExemptAttribute>() is null)
            .Select(t => t.FullName)
            .ToList();

        Assert.That(requests, Has.Count.GreaterThan(50));
        Assert.That(uncovered, Is.Empty);
    }

    [Test]
    public void The_fluent_rule_names_the_field()
    {
        var validator = new InlineValidator<Named>();
        validator.RuleFor(n => n.DisplayName).ValidText();

        var result = validator.Validate(new Named("x\0"));

        Assert.That(result.Errors.Single().ErrorMessage, Is.EqualTo("displayName: text contains a NUL character"));
        Assert.That(validator.Validate(new Named("\ud83d\ude00")).IsValid, Is.True);
    }

    [TestCase("""{"title":"a\ud800"}""", "Invalid arguments: title: text is not valid Unicode (unpaired surrogate).")]
    [TestCase("""{"title":"ok","assignee":"\udc00"}""", "Invalid arguments: assignee: text is not valid Unicode (unpaired surrogate).")]
    public void Json_rpc_argument_decoding_answers_a_lone_surrogate_escape_with_the_rule(string arguments, string text)
    {
        var json = Platform.Web.Mcp.OAuthJsonRpc.ZukoJson.Default;
        var required = Platform.Web.Mcp.Catalog.ToolSchemas.Required(typeof(Platform.Application.Organizations.Tasks.CreateTask.CreateTaskCommand), json.Options);

        var error = Assert.Throws<ValidationFailedException>(() =>
            Platform.Web.Mcp.OAuthJsonRpc.ZukoArguments.Decode(JsonDocument.Parse(arguments).RootElement, json.CreateTaskCommand, required))!;

        Assert.That(Platform.Web.Mcp.OAuthJsonRpc.ZukoErrors.ToText(error), Is.EqualTo(text));
    }

    [TestCase("Ana Lima")]
    [TestCase("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645")] // Persian with a zero-width non-joiner
    [TestCase("\U0001F469\u200D\U0001F4BB team")] // an emoji ZWJ sequence
    [TestCase("\u05e9\u05dc\u05d5\u05dd")] // right-to-left letters themselves
    public void Names_accept_real_names(string name) => Assert.That(TextRule.NameProblem(name), Is.Null);

    [TestCase("evil\u202Etxt.exe")] // right-to-left override
    [TestCase("a\u2066b\u2069")] // isolates
    [TestCase("zero\u200Bwidth")] // zero-width space
    [TestCase("\uFEFFbom")]
    [TestCase("bell\u0007")]
    [TestCase("line\nbreak")]
    [TestCase("smuggled\U000E0041\U000E0042")] // tag characters (invisible text)
    public void Names_refuse_control_and_format_characters(string name) =>
        Assert.That(TextRule.NameProblem(name), Is.EqualTo(TextRule.NameControlMessage));

    [Test]
    public void Names_keep_the_general_rule_first()
    {
        Assert.That(TextRule.NameProblem("a\0b"), Is.EqualTo(TextRule.NulMessage));
        Assert.That(TextRule.NameProblem("a\ud800"), Is.EqualTo(TextRule.InvalidUnicodeMessage));
    }

    [Test]
    public void The_validation_behavior_applies_the_name_rule_to_name_properties_and_lists_only()
    {
        var project = Validate<Platform.Application.Boards.Projects.CreateProject.CreateProjectCommand, Platform.Application.Boards.Common.ProjectDto>(
            new("Board \u202Egnp"));
        Assert.That(project.Message, Is.EqualTo("name: " + TextRule.NameControlMessage));

        var todo = Validate<CreateTodoCommand, Platform.Application.Boards.Common.TodoDto>(new CreateTodoCommand("p", "title \u202E is fine", Tags: ["ok", "x\u200B"]));
        Assert.That(todo.Message, Is.EqualTo("tags[1]: " + TextRule.NameControlMessage));
    }

    private sealed record Named(string? DisplayName);

    private static ValidationFailedException Validate<TRequest, TResponse>(TRequest request, params IValidator<TRequest>[] validators)
        where TRequest : IRequest<TResponse>
    {
        var behavior = new ValidationBehavior<TRequest, TResponse>(validators);
        return Assert.ThrowsAsync<ValidationFailedException>(() =>
            behavior.Handle(request, CancellationToken.None, () => throw new AssertionException("the handler ran")))!;
    }

    private static ValidationFailedException Validate(CreateTaskCommand request, params IValidator<CreateTaskCommand>[] validators) =>
        Validate<CreateTaskCommand, CreatedTaskDto>(request, validators);

    private static ValidationFailedException Validate(UpdateTaskCommand request, params IValidator<UpdateTaskCommand>[] validators) =>
        Validate<UpdateTaskCommand, UpdatedTaskDto>(request, validators);
}
