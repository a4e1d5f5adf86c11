namespace ArticleReader.Web.Newsletter;

/// <summary>One stored newsletter subscription, as kept in the subscriber file and exported.</summary>
/// <param name="Email">The normalized address (see <see cref="EmailAddressValidator"/>).</param>
/// <param name="SubscribedAtUtc">When the subscription was stored, in UTC.</param>
/// <param name="SourcePath">The site path of the page the reader subscribed from.</param>
public sealed record SubscriberRecord(string Email, DateTimeOffset SubscribedAtUtc, string SourcePath);
