using System.Text.Json;
using System.Text.Json.Serialization;
using AbStudio.Domain.AbTests;
using AbStudio.Domain.AbTests.Definitions;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Collections.Planning;
using AbStudio.Domain.Runs;
using AbStudio.Web.Features.Runs;

namespace AbStudio.Web.Features.AbTests;

/// <summary>Done of total, and the percent (0 before the total is known).</summary>
public sealed record Progress(long Done, long Total, double Percent)
{
    public static Progress Of(long done, long total) => new(done, total, total > 0 ? Math.Round(100.0 * done / total, 1) : 0);
}

/// <summary>A test in a list: its dataset, arms and status, and its latest run's progress.</summary>
public sealed record TestSummary(
    Guid Id, string Name, Guid DatasetId, string Dataset, int Arms, AbTestStatus Status, Guid? LatestRunId, RunStatus? LatestRunStatus, DateTime CreatedAt);

// The one read model of a test: the API returns it and the console's test page shows it.

/// <summary>A test: its definition (a JSON object), its arms with their collections, and its latest run.</summary>
public sealed record TestDetail(
    Guid Id,
    string Name,
    string? Description,
    Guid DatasetId,
    string Dataset,
    string Split,
    IReadOnlyList<int> K,
    string PrimaryMetric,
    AbTestStatus Status,
    string? CreatedBy,
    DateTime CreatedAt,
    JsonElement Definition,
    IReadOnlyList<ArmView> Arms,
    RunView? LatestRun)
{
    // What the console shows besides the API's fields; the API's clients read them in the definition.
    [JsonIgnore] public bool ReuseExisting { get; init; } = true;

    [JsonIgnore] public CleanupPolicy Cleanup { get; init; } = CleanupPolicy.Keep;

    [JsonIgnore] public TimeSpan? CollectionTtl { get; init; }

    /// <summary>Whether the latest run can still be cancelled (it is pending, queued or running).</summary>
    [JsonIgnore] public bool CanCancel => LatestRun is { Status: RunStatus.Pending or RunStatus.Queued or RunStatus.Running };
}

/// <summary>
/// An arm: its definition, what planning decided for its collection when the test last started
/// (<c>reused</c>, <c>joined</c>, <c>building</c>, …) and why, and that collection's build progress.
/// </summary>
public sealed record ArmView(
    string Name, RetrievalMode Mode, string? Provider, string? Model, ArmDefinition Definition, CollectionPlanOutcome? CollectionPlan, string? CollectionPlanReason, ArmCollectionView? Collection);

public sealed record ArmCollectionView(Guid Id, CollectionStatus Status, Progress Progress, string? Error);

/// <summary>
/// A run that was started: where to poll it, and how to watch it live instead — join the SignalR hub
/// at <see cref="HubWatch.Hub"/> and call <c>Watch(kind, id)</c>; <c>StatusChanged</c> brings each update.
/// </summary>
public sealed record RunStarted(Guid TestId, Guid RunId, RunStatus Status, string StatusUrl, HubWatch Watch, IReadOnlyList<ArmPlanView> Arms);

public sealed record HubWatch(string Hub, string Method, string Kind, Guid Id)
{
    public static HubWatch Run(Guid runId) => new("/hubs/status", "Watch", "run", runId);
}

/// <summary>What starting decided for one arm's collection (null plan: a lexical arm needs none).</summary>
public sealed record ArmPlanView(string Arm, CollectionPlanOutcome? Plan, Guid? CollectionId, string? Reason);

/// <summary>Optional fields of a clone.</summary>
public sealed record CloneRequest(string? Name);
