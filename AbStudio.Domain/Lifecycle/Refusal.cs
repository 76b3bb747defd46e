namespace AbStudio.Domain.Lifecycle;

/// <summary>Why a use case did not do what was asked: an expected outcome, not a bug, so a result rather than an exception.</summary>
public enum RefusalKind
{
    /// <summary>The item does not exist (or is not visible): 404.</summary>
    NotFound,

    /// <summary>The item's state does not allow it now (already running, nothing to retry): 409.</summary>
    Conflict,

    /// <summary>The caller sees the item but may not do this (a viewer writing, a non-admin sharing): 403.</summary>
    Forbidden,
}

public sealed record Refusal(RefusalKind Kind, string Message)
{
    public static Refusal NotFound(string message) => new(RefusalKind.NotFound, message);

    public static Refusal Conflict(string message) => new(RefusalKind.Conflict, message);

    public static Refusal Forbidden(string message) => new(RefusalKind.Forbidden, message);
}

/// <summary>A use case's value, or the refusal that stands in its place.</summary>
public readonly record struct Outcome<T>(T? Value, Refusal? Refusal)
    where T : class
{
    public bool Succeeded => Refusal is null;

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(Refusal refusal) => new(null, refusal);

    /// <summary>The value, for callers to whom a refusal is a bug (tests, set-up code): it throws with the refusal's message.</summary>
    public T Require() => Value ?? throw new InvalidOperationException(Refusal!.Message);
}
