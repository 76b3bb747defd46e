namespace AbStudio.Web.Api;

/// <summary>How a delete ended; <see cref="Reason"/> says, for <see cref="DeletionOutcome.InUse"/>, what still needs the thing.</summary>
public sealed record DeletionResult(DeletionOutcome Outcome, string? Reason = null)
{
    public static readonly DeletionResult Deleted = new(DeletionOutcome.Deleted);
    public static readonly DeletionResult NotFound = new(DeletionOutcome.NotFound);
    public static readonly DeletionResult Forbidden = new(DeletionOutcome.Forbidden, "Deleting needs the Engineer or Admin role (and a token that may write).");

    public static DeletionResult InUse(string reason) => new(DeletionOutcome.InUse, reason);
}

public enum DeletionOutcome
{
    Deleted,
    NotFound,
    InUse,

    /// <summary>The caller sees it but may not delete (read-only): 403.</summary>
    Forbidden,
}
