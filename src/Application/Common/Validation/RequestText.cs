using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;

namespace Platform.Application.Common.Validation;

/// <summary>
/// Applies <see cref="TextRule"/> to every string a request carries, found by reflection once per
/// type: string properties, <see cref="JsonElement"/> values (strings and member names at any
/// depth), <see cref="Optional{T}"/> and nullable wrappers, lists, dictionaries (keys and values) and
/// nested records of the application and domain assemblies. Types that cannot hold text cost a
/// cached "nothing to check".
/// </summary>
internal static class RequestText
{
    public const int MaxDepth = 32;

    private static readonly ConcurrentDictionary<Type, Plan> Plans = new();

    private static readonly Assembly[] OwnAssemblies = [typeof(RequestText).Assembly, typeof(Domain.Common.PlatformException).Assembly];

    private enum Kind
    {
        None,
        String,
        Json,
        Optional,
        KeyValue,
        Sequence,
        Composite,
    }

    private sealed record Plan(Kind Kind, (PropertyInfo Property, string Name, bool IsName)[] Members);

    /// <summary>True when values of <paramref name="type"/> may carry text and the type is not exempt.</summary>
    public static bool Applies(Type type) =>
        type.GetCustomAttribute<TextRuleExemptAttribute>() is null && PlanFor(type).Kind != Kind.None;

    /// <summary>The first invalid text in <paramref name="request"/>: its path (<c>tags[1]</c>, <c>patch.title</c>) and problem.</summary>
    public static (string Path, string Problem)? Find(object request) => Walk(request, "", 0, name: false);

    /// <summary><c>Patch.Title</c> → <c>patch.title</c>.</summary>
    public static string CamelPath(string path) =>
        string.Join('.', path.Split('.').Select(s => s.Length == 0 || char.IsLower(s[0]) ? s : char.ToLowerInvariant(s[0]) + s[1..]));

    private static (string Path, string Problem)? Walk(object? value, string path, int depth, bool name)
    {
        if (value is null || depth > MaxDepth)
        {
            return null;
        }

        var plan = PlanFor(value.GetType());
        switch (plan.Kind)
        {
            case Kind.String:
                return (name ? TextRule.NameProblem((string)value) : TextRule.Problem((string)value)) is { } problem ? (path, problem) : null;
            case Kind.Json:
                return TextRule.FindInJson((JsonElement)value, path);
            case Kind.Optional:
                return (bool)plan.Members[0].Property.GetValue(value)! ? Walk(plan.Members[1].Property.GetValue(value), path, depth + 1, name) : null;
            case Kind.KeyValue:
                // A dictionary entry: the key and the value both answer for the dictionary's field.
                return Walk(plan.Members[0].Property.GetValue(value), path, depth + 1, name) ?? Walk(plan.Members[1].Property.GetValue(value), path, depth + 1, name);
            case Kind.Sequence:
                var index = 0;
                foreach (var item in (IEnumerable)value)
                {
                    var itemPath = item is not null && PlanFor(item.GetType()).Kind == Kind.KeyValue ? path : $"{path}[{index}]";
                    if (Walk(item, itemPath, depth + 1, name) is { } found)
                    {
                        return found;
                    }

                    index++;
                }

                return null;
            case Kind.Composite:
                foreach (var (property, member, isName) in plan.Members)
                {
                    if (Walk(property.GetValue(value), path.Length == 0 ? member : $"{path}.{member}", depth + 1, isName) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static Plan PlanFor(Type type) => Plans.GetOrAdd(type, static t => Build(t, []));

    private static Plan Build(Type type, HashSet<Type> visiting)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return new Plan(Kind.String, []);
        }

        if (type == typeof(JsonElement))
        {
            return new Plan(Kind.Json, []);
        }

        if (IsScalar(type))
        {
            return new Plan(Kind.None, []);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Optional<>))
        {
            return MayHoldText(type.GetGenericArguments()[0], visiting)
                ? new Plan(Kind.Optional, [Member(type, nameof(Optional<int>.HasValue)), Member(type, nameof(Optional<int>.Value))])
                : new Plan(Kind.None, []);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(KeyValuePair<,>))
        {
            return new Plan(Kind.KeyValue, [Member(type, "Key"), Member(type, "Value")]);
        }

        if (typeof(IEnumerable).IsAssignableFrom(type))
        {
            return new Plan(Kind.Sequence, []);
        }

        if (type == typeof(object) || type.IsInterface || type.IsAbstract)
        {
            // Only the runtime type tells; walking looks that up per value.
            return new Plan(Kind.Composite, []);
        }

        if (Array.IndexOf(OwnAssemblies, type.Assembly) < 0)
        {
            return new Plan(Kind.None, []);
        }

        visiting.Add(type);
        var members = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<TextRuleExemptAttribute>() is null)
            .Where(p => MayHoldText(p.PropertyType, visiting))
            .Select(p => (p, CamelPath(p.Name), p.GetCustomAttribute<NameTextAttribute>() is not null))
            .ToArray();
        visiting.Remove(type);
        return new Plan(members.Length == 0 ? Kind.None : Kind.Composite, members);
    }

    /// <summary>Whether a value declared as <paramref name="type"/> can hold text (cycles count as yes).</summary>
    private static bool MayHoldText(Type type, HashSet<Type> visiting)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(object) || type.IsInterface || type.IsAbstract || visiting.Contains(type))
        {
            return true;
        }

        return Build(type, visiting).Kind != Kind.None;
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(decimal) || type == typeof(DateTime) || type == typeof(DateTimeOffset)
        || type == typeof(DateOnly) || type == typeof(TimeOnly) || type == typeof(TimeSpan) || type == typeof(Guid) || type == typeof(Uri)
        || type.IsPointer || typeof(Delegate).IsAssignableFrom(type);

    private static (PropertyInfo, string, bool) Member(Type type, string name) => (type.GetProperty(name)!, name, false);
}

/// <summary>
/// The generic validator of every request: <see cref="TextRule"/> over all the strings it carries,
/// before the request's own validators and its handler (run first by the validation behavior). The
/// failure names the request field (<c>field</c>: the top-level property) and the message the path.
/// </summary>
internal sealed class RequestTextValidator<TRequest> : AbstractValidator<TRequest>
{
    private RequestTextValidator()
    {
    }

    public override ValidationResult Validate(ValidationContext<TRequest> context)
    {
        if (context.InstanceToValidate is not { } request || RequestText.Find(request) is not { } found)
        {
            return new ValidationResult();
        }

        var end = found.Path.IndexOfAny(['.', '[']);
        var field = end < 0 ? found.Path : found.Path[..end];
        return new ValidationResult([new ValidationFailure(field, TextRule.Message(found.Path, found.Problem))]);
    }

    public override Task<ValidationResult> ValidateAsync(ValidationContext<TRequest> context, CancellationToken cancellation = default) =>
        Task.FromResult(Validate(context));

    /// <summary>Null when <typeparamref name="TRequest"/> cannot carry text or is exempt.</summary>
    public static RequestTextValidator<TRequest>? Instance { get; } = RequestText.Applies(typeof(TRequest)) ? new() : null;
}
