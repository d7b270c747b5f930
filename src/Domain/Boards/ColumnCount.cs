namespace Platform.Domain.Boards;

/// <summary>
/// How many todos a workflow column of a project holds, kept by the database itself (a trigger on
/// the todos table), so an unfiltered board reads its totals without counting every todo.
/// </summary>
public sealed class ColumnCount
{
    private ColumnCount()
    {
    }

    public int ProjectId { get; private set; }

    public string ColumnKey { get; private set; } = "";

    public int Count { get; private set; }
}
