namespace Platform.Application.Common;

/// <summary>
/// A value that may be absent, for partial updates where "not supplied" differs from null
/// (e.g. <c>update_task</c> with <c>assignee: null</c> clears it, without <c>assignee</c> keeps it).
/// </summary>
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
