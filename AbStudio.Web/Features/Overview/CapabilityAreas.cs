namespace AbStudio.Web.Features.Overview;

/// <summary>
/// The product areas the landing page introduces, each marked available or planned with its
/// milestone from IMPLEMENTATION_PLAN.md. Flip <see cref="CapabilityArea.Available"/> as areas land.
/// </summary>
internal static class CapabilityAreas
{
    public static IReadOnlyList<CapabilityArea> All { get; } =
    [
        new("Datasets", MudBlazor.Icons.Material.Filled.Storage, "M3",
            "Corpus, queries and graded judgments from BEIR, TREC, JSONL or CSV, versioned by content hash.", Available: false),
        new("A/B tests", MudBlazor.Icons.Material.Filled.CompareArrows, "M3",
            "Two or more arms: embedding model, chunking, lexical, vector or hybrid retrieval, optional reranker.", Available: false),
        new("Collections", MudBlazor.Icons.Material.Filled.ViewInAr, "M2",
            "Chunked, embedded and indexed corpora, reused by fingerprint and built by a durable background queue.", Available: false),
        new("Runs & metrics", MudBlazor.Icons.Material.Filled.Insights, "M3",
            "Recall, MRR, nDCG, Hit, P and MAP at k exactly as trec_eval defines them, with latency percentiles.", Available: false),
        new("Significance", MudBlazor.Icons.Material.Filled.Functions, "M3",
            "Sign test, randomization test, bootstrap intervals and Holm correction across arms and metrics.", Available: false),
        new("Governance & operations", MudBlazor.Icons.Material.Filled.AdminPanelSettings, "M4–M5",
            "Roles, quotas, provider allowlists, audit log, TTL cleanup, Prometheus metrics and exports.", Available: false),
    ];
}

internal sealed record CapabilityArea(string Title, string Icon, string Milestone, string Summary, bool Available);
