namespace AbStudio.Tests.TestSupport;

/// <summary>A clock that moves only when a test moves it, so time-based behaviour is asserted exactly.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public DateTime UtcNow => _now.UtcDateTime;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>A random source that always draws the same number: jitter becomes a fixed, known factor.</summary>
internal sealed class FixedRandom(double value) : Random
{
    public override double NextDouble() => value;
}
