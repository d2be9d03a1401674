extension Repository {
    func cleanPushMarkers() -> [String] { [] }
}
