namespace AbStudio.Domain.Jobs;

/// <summary>What to enqueue: the kind of work, its input, and what it works on.</summary>
/// <param name="Type">The kind of work, e.g. "BuildCollection"; the dispatcher picks the handler by it.</param>
/// <param name="PayloadJson">The handler's input.</param>
public sealed record JobRequest(string Type, string PayloadJson)
{
    /// <summary>What the job works on (a collection or run id).</summary>
    public Guid? SubjectId { get; init; }

    /// <summary>The embedding provider it calls, for per-provider concurrency limits.</summary>
    public string? Provider { get; init; }

    /// <summary>Overrides <see cref="JobRetryPolicy.MaxAttempts"/> for this job.</summary>
    public int? MaxAttempts { get; init; }

    /// <summary>The job is not claimed before this time (null or past: due at once).</summary>
    public DateTime? NotBefore { get; init; }
}

/// <summary>
/// Which jobs a worker may claim now. The dispatcher narrows it to the types and providers whose
/// concurrency limits still have room, so it never claims work it cannot start.
/// </summary>
/// <param name="Types">Only these types (null: any; empty: none, nothing is claimed).</param>
/// <param name="ExcludedProviders">Not jobs that call these providers (jobs without a provider always qualify).</param>
public sealed record JobClaimFilter(IReadOnlyCollection<string>? Types = null, IReadOnlyCollection<string>? ExcludedProviders = null)
{
    public static JobClaimFilter Any { get; } = new();

    public static JobClaimFilter OfTypes(params string[] types) => new(Types: types);
}
