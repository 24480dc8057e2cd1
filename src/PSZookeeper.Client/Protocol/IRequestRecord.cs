using PSZookeeper.Client.Jute;

namespace PSZookeeper.Client.Protocol
{
    /// <summary>A request body that can encode itself. Records are immutable once built.</summary>
    internal interface IRequestRecord
    {
        void Write(JuteWriter writer);
    }

    /// <summary>Decodes a reply body; throws ProtocolException on malformed input.</summary>
    internal delegate T ResponseParser<T>(ref JuteReader reader);
}
