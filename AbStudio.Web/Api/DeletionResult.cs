namespace AbStudio.Web.Api;

/// <summary>How a delete ended; <see cref="Reason"/> says, for <see cref="DeletionOutcome.InUse"/>, what still needs the thing.</summary>
public sealed record DeletionResult(DeletionOutcome Outcome, string? Reason = null)
{
    public static readonly DeletionResult Deleted = new(DeletionOutcome.Deleted);
    public static readonly DeletionResult NotFound = new(DeletionOutcome.NotFound);

    public static DeletionResult InUse(string reason) => new(DeletionOutcome.InUse, reason);
}

public enum DeletionOutcome
{
    Deleted,
    NotFound,
    InUse,
}
