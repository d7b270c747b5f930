namespace Platform.Application.Common;

/// <summary>
/// A JSON value kept as its text: valid JSON that the database produced (PostgreSQL's <c>jsonb</c>
/// output), written out token by token by the dialect instead of being parsed into a tree first.
/// </summary>
public readonly record struct JsonText(string Value);
