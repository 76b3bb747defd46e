namespace AbStudio.Domain.Governance;

/// <summary>Whether an embedding or rerank provider may be used, and how hard it may be called.</summary>
public sealed class ProviderPolicy
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Provider { get; set; }
    public bool Allowed { get; set; } = true;

    /// <summary>Models that may be used with it; empty allows any.</summary>
    public List<string> AllowedModels { get; set; } = [];

    public int? RequestsPerMinute { get; set; }
    public int? MaxConcurrency { get; set; }
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;
}
