import NodeSetup
import SkepConfig
import Testing

@Suite struct DockerStepTests {
  let path = ManagedPath.daemonJSON

  @Test func writesSortedPrettyJSONAndKeepsForeignKeys() throws {
    let docker = SetupSection.Docker(
      insecureRegistries: located(["10.0.0.1:5000"]), logDriver: located("local"),
      logOptions: located(["max-size": "10m"]), liveRestore: located(false), location: here)
    let facts = debian([path: #"{"data-root": "/srv/docker", "log-driver": "json-file"}"#])
    let plan = SetupPlanner.plan(profile: profile(docker: docker), facts: facts, secrets: [:])
    #expect(
      written(plan, path) == """
        {
          "data-root": "/srv/docker",
          "insecure-registries": [
            "10.0.0.1:5000"
          ],
          "live-restore": false,
          "log-driver": "local",
          "log-opts": {
            "max-size": "10m"
          }
        }

        """)
    #expect(plan.docker == .restart)
    #expect(plan.changes.map(\.step) == [.docker])
    #expect(plan.changes[0].summary.contains("insecure-registries, live-restore, log-driver, log-opts"))
    #expect(plan.changes[0].diff.contains("-{\"data-root\": \"/srv/docker\", \"log-driver\": \"json-file\"}"))
    #expect(plan.changes[0].diff.contains("+  \"log-driver\": \"local\","))
    let again = SetupPlanner.plan(profile: profile(docker: docker), facts: applyingFiles(plan, to: facts), secrets: [:])
    #expect(again.isEmpty)
    #expect(again.docker == DockerAction.none)
  }

  @Test func equalJSONInAnotherLayoutIsNoChange() {
    let docker = SetupSection.Docker(
      registryMirrors: located(["http://mirror:5000"]), liveRestore: located(false), location: here)
    let facts = debian([
      path: #"{"live-restore":false,"registry-mirrors":["http://mirror:5000"],"x":{"b":1,"a":[true,null,1.5]}}"#
    ])
    #expect(SetupPlanner.plan(profile: profile(docker: docker), facts: facts, secrets: [:]).isEmpty)
  }

  @Test func registriesAndLiveRestoreAloneAreReloaded() {
    let docker = SetupSection.Docker(
      insecureRegistries: located(["r:5000"]), registryMirrors: located(["http://m"]), logDriver: located("local"),
      liveRestore: located(false), location: here)
    let facts = debian([path: #"{"log-driver": "local", "insecure-registries": ["old:5000"]}"#])
    let plan = SetupPlanner.plan(profile: profile(docker: docker), facts: facts, secrets: [:])
    #expect(plan.docker == .reload)
    #expect(plan.changes[0].summary.hasSuffix("(dockerd reload)"))
    #expect(plan.applyScript().contains(#"kill -HUP "$skep_pid""#))
    #expect(plan.applyScript().contains("cat '/var/run/docker.pid'"))
    #expect(plan.applyScript(dockerPidFile: "/run/node1/docker.pid").contains("cat '/run/node1/docker.pid'"))
    #expect(!plan.applyScript(dockerPidFile: nil).contains("kill"))
    #expect(plan.rendered().contains("dockerd: reload (SIGHUP)"))
  }

  @Test func aStorageDriverChangeNeedsARestartThatIsNotInTheScript() {
    let docker = SetupSection.Docker(storageDriver: located("overlay2"), location: here)
    let plan = SetupPlanner.plan(profile: profile(docker: docker), facts: debian([path: nil]), secrets: [:])
    #expect(plan.docker == .restart)
    #expect(written(plan, path) == "{\n  \"storage-driver\": \"overlay2\"\n}\n")
    #expect(plan.changes[0].diff.hasPrefix("--- /dev/null\n+++ /etc/docker/daemon.json\n@@ -0,0 +1,3 @@\n"))
    let script = plan.applyScript()
    #expect(!script.contains("kill") && !script.contains("systemctl restart docker"))
    #expect(plan.rendered().contains("dockerd: restart"))
  }

  @Test func anEmptyFileIsAnEmptyObject() {
    let docker = SetupSection.Docker(liveRestore: located(false), location: here)
    let plan = SetupPlanner.plan(profile: profile(docker: docker), facts: debian([path: "\n"]), secrets: [:])
    #expect(written(plan, path) == "{\n  \"live-restore\": false\n}\n")
  }

  @Test func invalidJSONIsAProblemAndNoChange() {
    let docker = SetupSection.Docker(liveRestore: located(false), location: here)
    for text in [#"{"a": "#, "[1, 2]"] {
      let plan = SetupPlanner.plan(profile: profile(docker: docker), facts: debian([path: text]), secrets: [:])
      #expect(plan.changes.isEmpty)
      #expect(plan.problems.count == 1)
      #expect(plan.problems.first?.message.hasPrefix("/etc/docker/daemon.json is not") == true)
      #expect(plan.docker == DockerAction.none)
    }
  }

  @Test func aFileTheProbeDidNotReportIsAProblemNotAnOverwrite() {
    let docker = SetupSection.Docker(liveRestore: located(false), location: here)
    let plan = SetupPlanner.plan(profile: profile(docker: docker), facts: debian(), secrets: [:])
    #expect(plan.changes.isEmpty)
    #expect(plan.problems.map(\.message) == ["the probe did not report /etc/docker/daemon.json"])
  }
}
