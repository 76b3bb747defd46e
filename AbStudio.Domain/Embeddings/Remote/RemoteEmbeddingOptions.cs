using System.Globalization;
using System.Text;

namespace AbStudio.Domain.Embeddings.Remote;

/// <summary>
/// Where a remote embedding server is, which model to ask for, and how patiently to ask: bound from
/// the configuration section <c>Embeddings:OpenAI</c> or <c>Embeddings:Ollama</c> (docs/embeddings.md).
/// </summary>
public sealed record RemoteEmbeddingOptions
{
    /// <summary>OpenAI-compatible: up to and including <c>/v1</c>; Ollama: the server root. Null: the provider's default.</summary>
    public Uri? BaseUrl { get; init; }

    /// <summary>Sent as <c>Authorization: Bearer …</c> when set. Keep it in user secrets or the environment.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The model used when the arm names none.</summary>
    public string? Model { get; init; }

    /// <summary>Texts per request; larger inputs are split into several requests, in order.</summary>
    public int MaxBatchSize { get; init; } = 96;

    /// <summary>Requests per batch, the first one included, before giving up.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The first retry's delay; it doubles each retry, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest computed delay. A server's Retry-After is honoured even when longer.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one request may take before it is abandoned and retried.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one batch may take, every attempt and wait included.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchSize, 1, nameof(MaxBatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAttempts, 1, nameof(MaxAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryBaseDelay, TimeSpan.Zero, nameof(RetryBaseDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryDelay, RetryBaseDelay, nameof(MaxRetryDelay));
        // Polly's timeout strategy accepts nothing shorter.
        ArgumentOutOfRangeException.ThrowIfLessThan(AttemptTimeout, TimeSpan.FromMilliseconds(10), nameof(AttemptTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(TotalTimeout, AttemptTimeout, nameof(TotalTimeout));
    }

    // The generated ToString would print the key into any log or exception that prints the options.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"BaseUrl = {BaseUrl}, ApiKey = {(string.IsNullOrEmpty(ApiKey) ? "(none)" : "(set)")}, Model = {Model}, ")
            .Append(CultureInfo.InvariantCulture, $"MaxBatchSize = {MaxBatchSize}, MaxAttempts = {MaxAttempts}, RetryBaseDelay = {RetryBaseDelay}, ")
            .Append(CultureInfo.InvariantCulture, $"MaxRetryDelay = {MaxRetryDelay}, AttemptTimeout = {AttemptTimeout}, TotalTimeout = {TotalTimeout}");
        return true;
    }
}
