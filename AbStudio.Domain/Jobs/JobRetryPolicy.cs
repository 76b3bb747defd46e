namespace AbStudio.Domain.Jobs;

/// <summary>
/// How a failed job is retried: the n-th failed attempt waits <c>min(cap, base · 2^(n−1))</c> plus a
/// random jitter of up to <see cref="Jitter"/> of that delay, and the job fails for good once
/// <see cref="Job.MaxAttempts"/> attempts have been made.
/// </summary>
public sealed record JobRetryPolicy
{
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The cap on the exponential part, so a long outage is retried every few minutes, not daily.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The fraction of the delay added at random (0 to 1). Jobs that failed together (a provider
    /// outage) would otherwise all retry at the same instant and fail together again.
    /// </summary>
    public double Jitter { get; init; } = 0.2;

    /// <summary>Attempts a new job gets unless its request says otherwise.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The wait after attempt <paramref name="failedAttempt"/> (1 = the first) failed.</summary>
    /// <param name="failedAttempt">Which attempt failed, counting from 1.</param>
    /// <param name="random">A uniform random number in [0, 1) that picks the jitter.</param>
    public TimeSpan DelayAfter(int failedAttempt, double random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempt, 1);

        // In ticks as a double: 2^n overflows no integer here, it only grows past the cap.
        var exponential = BaseDelay.Ticks * Math.Pow(2, failedAttempt - 1);
        var capped = Math.Min(MaxDelay.Ticks, exponential);
        return TimeSpan.FromTicks((long)Math.Round(capped * (1 + (Jitter * random))));
    }

    /// <summary>Throws when the policy cannot work (a zero base would retry in a tight loop).</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(BaseDelay, TimeSpan.Zero, nameof(BaseDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDelay, BaseDelay, nameof(MaxDelay));
        ArgumentOutOfRangeException.ThrowIfNegative(Jitter, nameof(Jitter));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Jitter, 1, nameof(Jitter));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAttempts, 1, nameof(MaxAttempts));
    }
}
