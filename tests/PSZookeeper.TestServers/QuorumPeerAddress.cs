namespace PSZookeeper.TestServers;

/// <summary>One ensemble member's <c>server.N=127.0.0.1:peerPort:electionPort</c> entry.</summary>
/// <param name="Id">The member's myid (1-based).</param>
/// <param name="PeerPort">Port followers use to connect to the leader.</param>
/// <param name="ElectionPort">Port used for leader election.</param>
internal sealed record QuorumPeerAddress(int Id, int PeerPort, int ElectionPort);
