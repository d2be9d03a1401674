/// The sheets of one kind (goal sheets, record sheets, reviews) by subject and quarter: what a
/// dictionary of them does, with the sheets themselves in an array and the dictionary holding
/// only each one's place there. A dictionary keeps at least a quarter of its buckets empty (a
/// million records' 66,800 sheets of a kind take 131,072), and an empty bucket of sheets is a
/// whole sheet's bytes (a `Review` is 120); of places, 4 (docs/architecture.md, "Memory").
/// Iterated in the dictionary's order, as the dictionary it replaces was.
public struct SheetTable<Value>: Sequence, ExpressibleByDictionaryLiteral {
    /// Each sheet's place in `items`.
    private var places: [SheetKey: Int32] = [:]
    private var items: [Value] = []
    /// Items no place points at any more (removed): let go once they are half of `items`.
    private var dead = 0

    public init() {}

    public init(dictionaryLiteral elements: (SheetKey, Value)...) {
        for (k, v) in elements { self[k] = v }
    }

    public var count: Int { places.count }
    public var isEmpty: Bool { places.isEmpty }

    /// Room for `count` sheets, made once (the load knows how many files of a kind it reads).
    public mutating func reserveCapacity(_ count: Int) {
        places.reserveCapacity(count)
        items.reserveCapacity(count)
    }

    public subscript(key: SheetKey) -> Value? {
        get { places[key].map { items[Int($0)] } }
        set {
            if let newValue {
                // One look-up for a new sheet (a load adds them by the thousand), two to replace one.
                if let at = places.updateValue(Int32(items.count), forKey: key) {
                    places[key] = at
                    items[Int(at)] = newValue
                } else {
                    items.append(newValue)
                }
            } else if let at = places.removeValue(forKey: key) {
                forget(Int(at))
            }
        }
    }

    /// Removes and returns a sheet (the dictionary's `popFirst`: any one).
    public mutating func popFirst() -> (key: SheetKey, value: Value)? {
        guard let (key, at) = places.popFirst() else { return nil }
        let value = items[Int(at)]
        forget(Int(at))
        return (key, value)
    }

    /// The item at `at`, which no place points at any more, let go: at once when it is the last
    /// (a shell ledger's one sheet, moved out), else with the others once they are half.
    private mutating func forget(_ at: Int) {
        if at == items.count - 1 {
            items.removeLast()
            return
        }
        dead += 1
        guard dead * 2 > items.count else { return }
        var kept: [Value] = [], moved: [SheetKey: Int32] = [:]
        kept.reserveCapacity(places.count)
        moved.reserveCapacity(places.count)
        for (key, place) in places {
            moved[key] = Int32(kept.count)
            kept.append(items[Int(place)])
        }
        places = moved
        items = kept
        dead = 0
    }

    public var keys: Dictionary<SheetKey, Int32>.Keys { places.keys }

    /// The keys in ascending order (quarter, then subject). Taken in the order the sheets were
    /// added — a load adds them in path order, which is usually key order — and then sorted, which
    /// for keys already in order compares only neighbours (`keys` is in the dictionary's order, and
    /// sorting that compared ~13 pairs a key).
    public func sortedKeys() -> [SheetKey] { sortedPlaces().map(\.key) }

    /// `sortedKeys()` with each sheet's place, for `sheet(at:)`: the sheets walked in key order
    /// without a look-up of each key (a hash of its subject a sheet).
    public func sortedPlaces() -> [(key: SheetKey, place: Int32)] {
        var added = [SheetKey?](repeating: nil, count: items.count)
        for (key, place) in places { added[Int(place)] = key }
        var sorted: [(key: SheetKey, place: Int32)] = []
        sorted.reserveCapacity(places.count)
        for place in added.indices { if let key = added[place] { sorted.append((key, Int32(place))) } }
        sorted.sort { $0.key < $1.key }
        return sorted
    }

    /// The sheet at `place` (one of `sortedPlaces()`).
    public func sheet(at place: Int32) -> Value { items[Int(place)] }

    public var values: Values { Values(places: places.values, items: items) }

    /// The sheets, in the order of `keys`.
    public struct Values: Collection {
        fileprivate let places: Dictionary<SheetKey, Int32>.Values
        fileprivate let items: [Value]
        public typealias Index = Dictionary<SheetKey, Int32>.Values.Index
        public var startIndex: Index { places.startIndex }
        public var endIndex: Index { places.endIndex }
        public func index(after i: Index) -> Index { places.index(after: i) }
        public subscript(i: Index) -> Value { items[Int(places[i])] }
    }

    public struct Iterator: IteratorProtocol {
        fileprivate var places: Dictionary<SheetKey, Int32>.Iterator
        fileprivate let items: [Value]
        public mutating func next() -> (key: SheetKey, value: Value)? {
            places.next().map { ($0.key, items[Int($0.value)]) }
        }
    }

    public func makeIterator() -> Iterator { Iterator(places: places.makeIterator(), items: items) }
}

extension SheetTable: Sendable where Value: Sendable {}
extension SheetTable.Values: Sendable where Value: Sendable {}
