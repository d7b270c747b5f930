namespace Platform.Application.Common.Tools;

/// <summary>
/// A request member kept as raw JSON (its checks run later, in the order the contract fixes, e.g. a
/// patch checked only after the caller's access to the item) whose JSON shape is <see cref="Type"/>:
/// the type the handler parses it into. The tool's input schema describes the member with that type.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, Inherited = false)]
public sealed class JsonShapeAttribute(Type type) : Attribute
{
    public Type Type { get; } = type;
}
