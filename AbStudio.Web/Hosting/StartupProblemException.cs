namespace AbStudio.Web.Hosting;

/// <summary>
/// A start-up failure the user can fix (bad configuration, unreachable database). Program.cs logs
/// its message as one line and exits non-zero instead of dumping a stack trace.
/// </summary>
public sealed class StartupProblemException(string message, Exception? inner = null) : Exception(message, inner);
