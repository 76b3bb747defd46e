using AbStudio.Domain.Jobs;

namespace AbStudio.Tests.Domain.Jobs;

public class JobRetryPolicyTests
{
    private static readonly JobRetryPolicy OneSecondCappedAtAMinute = new()
    {
        BaseDelay = TimeSpan.FromSeconds(1),
        MaxDelay = TimeSpan.FromSeconds(60),
        Jitter = 0.5,
    };

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 8)]
    [InlineData(6, 32)]
    [InlineData(7, 60)]
    [InlineData(8, 60)]
    [InlineData(2000, 60)]
    public void DelayAfter_NoJitterDrawn_DoublesFromTheBaseUpToTheCap(int failedAttempt, double seconds)
    {
        var delay = OneSecondCappedAtAMinute.DelayAfter(failedAttempt, random: 0);

        Assert.Equal(TimeSpan.FromSeconds(seconds), delay);
    }

    [Theory]
    [InlineData(1, 0.5, 1.25)]
    [InlineData(3, 0.5, 5)]
    [InlineData(7, 0.5, 75)]
    [InlineData(7, 0.999, 89.97)]
    public void DelayAfter_JitterDrawn_AddsThatShareOfTheCappedDelay(int failedAttempt, double random, double seconds)
    {
        var delay = OneSecondCappedAtAMinute.DelayAfter(failedAttempt, random);

        Assert.Equal(TimeSpan.FromSeconds(seconds), delay);
    }

    [Fact]
    public void DelayAfter_AttemptZero_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OneSecondCappedAtAMinute.DelayAfter(0, 0));
    }

    [Theory]
    [InlineData(0, 60, 0.2, 5)]
    [InlineData(10, 5, 0.2, 5)]
    [InlineData(1, 60, 1.5, 5)]
    [InlineData(1, 60, 0.2, 0)]
    public void Validate_UnworkablePolicy_Throws(double baseSeconds, double capSeconds, double jitter, int maxAttempts)
    {
        var policy = new JobRetryPolicy
        {
            BaseDelay = TimeSpan.FromSeconds(baseSeconds),
            MaxDelay = TimeSpan.FromSeconds(capSeconds),
            Jitter = jitter,
            MaxAttempts = maxAttempts,
        };

        Assert.Throws<ArgumentOutOfRangeException>(policy.Validate);
    }
}
