namespace AbStudio.Tests.TestSupport;

/// <summary>
/// Tests that read what a host logged run alone: every host's ILogger writes through Serilog's static
/// logger, which the host started last owns, so another test's host starting meanwhile would take
/// the events away from the sink the test registered.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LogCapture
{
    public const string Name = "reads the host's log";
}
