namespace AbStudio.Domain.Runs.Execution;

/// <summary>Where a run stands, as watchers see it: results stored out of queries × arms.</summary>
public sealed record RunProgress(Guid RunId, Guid TestId, RunStatus Status, long Done, long Total, double? RatePerSecond, double? EtaSeconds, string Message);
