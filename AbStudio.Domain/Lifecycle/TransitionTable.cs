namespace AbStudio.Domain.Lifecycle;

/// <summary>
/// The allowed moves of one kind of item: for each (status, event) the status it moves to. A pair
/// that is not in the table is refused, and <see cref="Decide"/> says why in the users' words.
/// </summary>
public sealed class TransitionTable<TStatus, TEvent>
    where TStatus : struct, Enum
    where TEvent : struct, Enum
{
    private readonly Dictionary<(TStatus From, TEvent Event), TStatus> _moves = [];

    public TransitionTable(string kind, IEnumerable<(TEvent Event, TStatus[] From, TStatus To)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        Kind = kind;
        foreach (var (@event, from, to) in rows)
        {
            foreach (var status in from)
            {
                _moves.Add((status, @event), to);
            }
        }
    }

    /// <summary>What the table is about, as users name it ("run", "collection", …).</summary>
    public string Kind { get; }

    /// <summary>Every allowed move, for documentation and tests.</summary>
    public IReadOnlyDictionary<(TStatus From, TEvent Event), TStatus> Moves => _moves;

    /// <summary>The statuses <paramref name="event"/> may leave: the guard of a conditional UPDATE.</summary>
    public TStatus[] From(TEvent @event) => [.. _moves.Keys.Where(k => EqualityComparer<TEvent>.Default.Equals(k.Event, @event)).Select(k => k.From)];

    /// <summary>The move <paramref name="event"/> makes from <paramref name="from"/>, or why it is refused.</summary>
    public Transition<TStatus> Decide(TStatus from, TEvent @event) =>
        _moves.TryGetValue((from, @event), out var to)
            ? Transition.Moved(from, to)
            : Transition.Refused<TStatus>(from, $"A {Kind} that is {Words.Of(from)} cannot {Words.Of(@event)}.");
}

/// <summary>The result of asking for a move: applied (from → to) or refused with a reason; nothing changes when refused.</summary>
public readonly record struct Transition<TStatus>(bool Applied, TStatus? From, TStatus? To, string? Refusal)
    where TStatus : struct, Enum;

public static class Transition
{
    public static Transition<TStatus> Moved<TStatus>(TStatus from, TStatus to)
        where TStatus : struct, Enum => new(true, from, to, null);

    public static Transition<TStatus> Refused<TStatus>(TStatus? from, string reason)
        where TStatus : struct, Enum => new(false, from, null, reason);

    public static Transition<TStatus> NotFound<TStatus>(string kind)
        where TStatus : struct, Enum => new(false, null, null, $"There is no such {kind}.");
}

/// <summary>Enum names as words: <c>CollectionsReady</c> → "collections ready".</summary>
internal static class Words
{
    public static string Of<T>(T value)
        where T : struct, Enum
    {
        var name = value.ToString();
        var text = new System.Text.StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }
}
