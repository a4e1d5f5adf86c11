namespace ArticleReader.Web.Content;

/// <summary>One page of a list.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Number, int TotalPages, int TotalItems)
{
    public bool HasPrevious => Number > 1;

    public bool HasNext => Number < TotalPages;
}

/// <summary>Why a page number was refused.</summary>
public enum PageProblem
{
    None,
    NotANumber,
    BeyondLast,
}

/// <summary>Cuts lists into pages and reads page numbers from query strings.</summary>
public static class Paging
{
    /// <summary>
    /// Reads a <c>?page=</c> value: missing means 1; anything but a whole number from 1 up is
    /// <see cref="PageProblem.NotANumber"/>.
    /// </summary>
    public static PageProblem TryReadPage(string? value, out int page)
    {
        page = 1;
        if (value is null)
        {
            return PageProblem.None;
        }

        if (value.Length is 0 or > 9 || !value.All(char.IsAsciiDigit) || !int.TryParse(value, out page) || page < 1)
        {
            page = 0;
            return PageProblem.NotANumber;
        }

        return PageProblem.None;
    }

    /// <summary>Page <paramref name="number"/> of <paramref name="items"/>, or null when past the last page (page 1 always exists).</summary>
    public static Page<T>? Slice<T>(IReadOnlyList<T> items, int number, int size, int skip = 0)
    {
        ArgumentNullException.ThrowIfNull(items);
        var available = Math.Max(0, items.Count - skip);
        var total = Math.Max(1, (available + size - 1) / size);
        if (number < 1 || number > total)
        {
            return null;
        }

        var start = skip + ((number - 1) * size);
        var slice = new List<T>(size);
        for (var i = start; i < Math.Min(items.Count, start + size); i++)
        {
            slice.Add(items[i]);
        }

        return new Page<T>(slice, number, total, available);
    }
}
