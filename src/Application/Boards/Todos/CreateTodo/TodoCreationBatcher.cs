using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Platform.Application.Boards.Common;
using Platform.Application.Common.Telemetry;
using Platform.Domain.Boards;

namespace Platform.Application.Boards.Todos.CreateTodo;

/// <summary>A validated and authorized todo to append at the bottom of its lane (no anchors, tags, assignee or sprint).</summary>
internal sealed record TodoDraft(int ProjectId, WorkflowColumn Column, string Title, string Body, int? EstimationPoints);

/// <summary>
/// Group commit for <c>todos.create</c> (decision 0108): a create holds its project's lock through the
/// commit's WAL flush, so one project takes at most as many creates per second as the disk flushes.
/// Creates queued for the same project while a batch is being written are written together by the next
/// batch: one transaction takes the project lock once, gives them consecutive localIds and ranks in
/// queue order, inserts them and commits (one flush). A batch starts as soon as the previous one ends and
/// takes what is queued then (at most <see cref="MaxBatch"/>); nothing waits for company.
/// </summary>
/// <remarks>
/// Batches run on their own DI scope and are never cancelled by a caller, so a caller that leaves cannot
/// undo the others' todos (its own todo may be committed, as when it leaves during a single create). If the
/// transaction fails, every caller in it gets that exception, as it would have alone. Traced, a batch is a
/// span of its own (<c>todos.create batch</c>, its database spans beneath) linked to each caller's span.
/// </remarks>
internal sealed class TodoCreationBatcher(IServiceScopeFactory scopes, TimeProvider clock)
{
    public const int MaxBatch = 64;

    /// <summary>The queue of each project whose batches are running; absent when none is.</summary>
    private readonly Dictionary<int, Queue<Waiter>> queues = [];

    public Task<TodoDto> CreateAsync(TodoDraft draft, CancellationToken cancellationToken)
    {
        var waiter = new Waiter(draft, cancellationToken, Activity.Current?.Context ?? default);
        bool start;
        lock (queues)
        {
            start = !queues.TryGetValue(draft.ProjectId, out var queue);
            if (start)
            {
                queues[draft.ProjectId] = queue = new Queue<Waiter>();
            }

            queue!.Enqueue(waiter);
        }

        if (start)
        {
            // Not in the first caller's context: its trace, scope and cancellation are not the batches'.
            using (ExecutionContext.SuppressFlow())
            {
                _ = Task.Run(() => RunBatchesAsync(draft.ProjectId), CancellationToken.None);
            }
        }

        return waiter.Completion.Task.WaitAsync(cancellationToken);
    }

    private async Task RunBatchesAsync(int projectId)
    {
        while (true)
        {
            var batch = new List<Waiter>();
            lock (queues)
            {
                var queue = queues[projectId];
                if (queue.Count == 0)
                {
                    queues.Remove(projectId);
                    return;
                }

                while (batch.Count < MaxBatch && queue.TryDequeue(out var waiter))
                {
                    // A caller that left before its batch started gets no todo (as a single create cancelled before its insert).
                    if (waiter.CancellationToken.IsCancellationRequested)
                    {
                        waiter.Completion.TrySetCanceled(waiter.CancellationToken);
                    }
                    else
                    {
                        batch.Add(waiter);
                    }
                }
            }

            if (batch.Count > 0)
            {
                await WriteAsync(projectId, batch);
            }
        }
    }

    private async Task WriteAsync(int projectId, List<Waiter> batch)
    {
        using var activity = PlatformTracing.Source.HasListeners() ? StartBatchActivity(projectId, batch) : null;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IBoardsDbContext>();
            var now = clock.GetUtcNow();
            var lanes = batch.Select(w => w.Draft.Column.Key).Distinct(StringComparer.Ordinal).ToList();
            var locked = await db.LockProjectForTodoCreationAsync(projectId, lanes, now, CancellationToken.None);
            await using var transaction = locked.Scope;
            var localId = locked.MaxLocalId;
            var laneMax = new Dictionary<string, long>(locked.LaneMaxRanks, StringComparer.Ordinal);
            var todos = new List<Todo>(batch.Count);
            foreach (var draft in batch.Select(w => w.Draft))
            {
                var rank = Ranking.Append(laneMax.TryGetValue(draft.Column.Key, out var max) ? [max] : []).Rank;
                laneMax[draft.Column.Key] = rank;
                todos.Add(Todo.Create(projectId, ++localId, draft.Title, draft.Body, draft.Column, rank, draft.EstimationPoints, null, null, now));
            }

            db.Todos.AddRange(todos);
            await db.SaveChangesAsync(CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Completion.TrySetResult(TodoReader.ToDto(todos[i], null));
            }
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().FullName);
            foreach (var waiter in batch)
            {
                waiter.Completion.TrySetException(ex);
            }
        }
    }

    /// <summary>The batch's own span: no parent (it runs for several requests), a link to each caller's span.</summary>
    private static Activity? StartBatchActivity(int projectId, List<Waiter> batch)
    {
        var links = batch.Where(w => w.Caller != default).Select(w => new ActivityLink(w.Caller)).ToList();
        var activity = PlatformTracing.Source.StartActivity("todos.create batch", ActivityKind.Internal, default(ActivityContext), links: links);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("platform.boards.project_id", projectId);
            activity.SetTag("platform.batch.size", batch.Count);
        }

        return activity;
    }

    private sealed record Waiter(TodoDraft Draft, CancellationToken CancellationToken, ActivityContext Caller)
    {
        public TaskCompletionSource<TodoDto> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
