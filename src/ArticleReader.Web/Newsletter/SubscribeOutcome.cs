namespace ArticleReader.Web.Newsletter;

/// <summary>What <see cref="ISubscriberStore.AddAsync"/> did with an address.</summary>
public enum SubscribeOutcome
{
    /// <summary>The address was new and is now durably stored.</summary>
    Added,

    /// <summary>The address (compared case-insensitively) was already stored; nothing was written.</summary>
    AlreadySubscribed,
}
