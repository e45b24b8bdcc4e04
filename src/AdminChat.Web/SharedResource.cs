namespace AdminChat.Web;

/// <summary>Marker for the English and Arabic strings in Resources/SharedResource*.resx.</summary>
public sealed class SharedResource;
