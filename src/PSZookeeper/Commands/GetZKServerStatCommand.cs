using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using PSZookeeper.Client;
using PSZookeeper.Core;

namespace PSZookeeper.Commands
{
    /// <summary>
    /// Get-ZKServerStat: a server's srvr / mntr (or other four-letter word) answer as an object;
    /// srvr / stat and mntr answers carry a type name of their own, for their format views.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ZKServerStat")]
    [OutputType(SrvrTypeName, MntrTypeName)]
    [OutputType(typeof(PSObject), typeof(string))]
    public sealed class GetZKServerStatCommand : ZKCmdlet
    {
        private const string SrvrTypeName = "PSZookeeper.ZKServerStat#srvr";
        private const string MntrTypeName = "PSZookeeper.ZKServerStat#mntr";

        /// <summary>host:port of the server(s); by default the server of the current session.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Server")]
        public string[]? ComputerName { get; set; }

        /// <summary>The four-letter word: srvr (default), mntr, conf, envi, cons, ruok, wchs, ...</summary>
        [Parameter(Position = 1)]
        [ValidateSet("srvr", "mntr", "conf", "envi", "cons", "ruok", "stat", "wchs", "isro", "dirs")]
        public string Command { get; set; } = "srvr";

        /// <summary>Return the server's text unparsed.</summary>
        [Parameter]
        public SwitchParameter Raw { get; set; }

        [Parameter]
        [ValidateRange(1, 600)]
        public double Timeout { get; set; } = 5;

        protected override void ProcessRecord()
        {
            foreach (string server in Servers())
            {
                Try(() =>
                {
                    HostPort target = ConnectString.Parse(server).Hosts[0];
                    string text = Await(FourLetterWord.SendAsync(target.Host, target.Port, Command, TimeSpan.FromSeconds(Timeout), StopToken));
                    if (Raw || Command == "ruok" || Command == "isro")
                    {
                        WriteObject(text.Trim());
                        return;
                    }
                    var result = new PSObject();
                    string? typeName = Command == "srvr" || Command == "stat" ? SrvrTypeName : Command == "mntr" ? MntrTypeName : null;
                    if (typeName != null)
                    {
                        result.TypeNames.Insert(0, typeName);
                    }
                    result.Properties.Add(new PSNoteProperty("Server", target.ToString()));
                    result.Properties.Add(new PSNoteProperty("Command", Command));
                    foreach (KeyValuePair<string, object> pair in FourLetterWord.Parse(text))
                    {
                        result.Properties.Add(new PSNoteProperty(pair.Key, pair.Value));
                    }
                    WriteObject(result);
                }, server);
            }
        }

        private IEnumerable<string> Servers()
        {
            if (ComputerName != null && ComputerName.Length > 0)
            {
                return ComputerName;
            }
            ZKSession session = ResolveSession();
            return new[] { session.Server ?? session.ConnectString.Split(',')[0] };
        }
    }
}
