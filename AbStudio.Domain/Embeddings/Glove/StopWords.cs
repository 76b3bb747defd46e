namespace AbStudio.Domain.Embeddings.Glove;

/// <summary>
/// The 304 English stop words of wink-eng-lite-web-model 1.8.1 (MIT), the list the glove-avg reference
/// used: read from the model's lexicon entries flagged isStopWord. Compared lower-cased.
/// </summary>
public static class StopWords
{
    private static readonly HashSet<string> List = new(StringComparer.Ordinal)
    {
        "a", "about", "above", "across", "after", "afterwards", "again", "against", "all", "almost", "alone",
        "along", "already", "also", "although", "always", "am", "among", "amongst", "amount", "an", "and",
        "another", "any", "anyhow", "anyone", "anything", "anyway", "anywhere", "are", "around", "as", "at",
        "back", "be", "became", "because", "become", "becomes", "becoming", "been", "before", "beforehand",
        "behind", "being", "below", "beside", "besides", "between", "beyond", "both", "bottom", "but", "by",
        "call", "can", "cannot", "could", "did", "do", "does", "doing", "done", "down", "due", "during",
        "each", "eight", "either", "eleven", "else", "elsewhere", "empty", "enough", "etc", "etc.", "even",
        "ever", "every", "everyone", "everywhere", "except", "few", "fifteen", "fifty", "first", "five",
        "for", "former", "formerly", "forty", "four", "from", "front", "full", "further", "get", "give",
        "go", "had", "has", "have", "he", "hence", "her", "here", "hereafter", "hereby", "herein",
        "hereupon", "hers", "herself", "him", "himself", "his", "how", "however", "hundred", "i", "i.e.",
        "ie", "if", "in", "inc", "inc.", "indeed", "into", "is", "it", "its", "itself", "just", "keep",
        "last", "latter", "latterly", "least", "less", "made", "make", "many", "may", "me", "meanwhile",
        "might", "mine", "more", "moreover", "most", "mostly", "move", "much", "must", "my", "myself",
        "name", "namely", "neither", "never", "nevertheless", "next", "nine", "no", "nobody", "none", "nor",
        "not", "nothing", "now", "nowhere", "of", "off", "often", "on", "once", "one", "only", "onto", "or",
        "other", "otherwise", "our", "ours", "ourselves", "out", "over", "own", "part", "per", "perhaps",
        "please", "put", "quite", "rather", "re", "really", "regarding", "same", "say", "see", "seem",
        "seemed", "seeming", "seems", "serious", "seven", "several", "she", "should", "show", "side",
        "since", "six", "sixty", "so", "some", "somehow", "someone", "something", "sometime", "sometimes",
        "somewhere", "still", "such", "take", "ten", "than", "that", "the", "their", "them", "themselves",
        "then", "thence", "there", "thereafter", "thereby", "therefore", "therein", "these", "they", "third",
        "this", "those", "though", "three", "through", "throughout", "thru", "thus", "to", "together", "too",
        "top", "toward", "towards", "twelve", "twenty", "two", "under", "unless", "until", "up", "upon",
        "us", "used", "using", "various", "very", "via", "was", "we", "well", "were", "what", "whatever",
        "when", "whence", "whenever", "where", "whereas", "whereby", "wherein", "wherever", "whether",
        "which", "while", "who", "whoever", "whole", "whom", "whose", "why", "will", "with", "within",
        "without", "would", "yet", "you", "your", "yours", "yourself", "yourselves",
    };

    public static int Count => List.Count;

    public static bool Contains(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return List.Contains(word.ToLowerInvariant());
    }
}
