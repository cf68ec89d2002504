import Cluster
import DockerEngine
import SkepConfig

extension InventoryError: SkepExitCodeConvertible {
  var skepExitCode: SkepExitCode { .invalidInput }
  /// `file:line:column: error: …` when located, else the bare message (the caller adds `error: `).
  var userMessage: String { location == nil ? message : description }
}

extension ClusterPlanError: SkepExitCodeConvertible {
  var skepExitCode: SkepExitCode { .failure }
  var userMessage: String { message }
}

extension NodeRefusal: SkepExitCodeConvertible {
  var skepExitCode: SkepExitCode { .refused }
  var userMessage: String { "refused: \(message)" }
}

extension DockerEngineError: SkepExitCodeConvertible {
  var skepExitCode: SkepExitCode {
    if case .transport = self { return .unreachable }
    return .failure
  }
  var userMessage: String { description }
}

extension UnknownNode: SkepExitCodeConvertible {
  var skepExitCode: SkepExitCode { .invalidInput }
  var userMessage: String { description }
}
