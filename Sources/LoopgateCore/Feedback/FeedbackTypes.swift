import HumanloopAPI
import Storage

/// The feedback types every project has, and the ones it declares.
public enum FeedbackTypes {
    /// The built-in types of the API.
    public static let builtIn: [FeedbackTypeModel] = [
        FeedbackTypeModel(
            type: "rating",
            values: [
                FeedbackLabel(value: "good", sentiment: "positive"), FeedbackLabel(value: "bad", sentiment: "negative"),
            ]),
        FeedbackTypeModel(
            type: "action",
            values: [
                FeedbackLabel(value: "copied", sentiment: "positive"),
                FeedbackLabel(value: "saved", sentiment: "positive"),
                FeedbackLabel(value: "deleted", sentiment: "negative"),
            ]),
        FeedbackTypeModel(type: "issue", values: []),
        FeedbackTypeModel(type: "correction", values: nil),
        FeedbackTypeModel(type: "comment", values: nil),
    ]

    /// A stable small number per type name, for `feedback_type_id` (the API has no other use for it).
    static func typeID(of type: String) -> Int {
        if let index = builtIn.firstIndex(where: { $0.type == type }) { return index + 1 }
        var hash: UInt32 = 2_166_136_261
        for byte in type.utf8 {
            hash = (hash ^ UInt32(byte)) &* 16_777_619
        }
        return 100 + Int(hash % 1_000_000)
    }

    /// `FeedbackClass` and `LabelSentiment` of the v4 schema.
    static let classes = ["select", "multi_select", "text", "number"]
    static let sentiments = ["positive", "negative", "neutral", "unset"]

    /// Stored labels as answered: each with a sentiment (types stored before labels had to have one read
    /// back `neutral`).
    static func labels(_ stored: String) -> [FeedbackLabel]? {
        Coding.decodeIfPresent([FeedbackLabel].self, fromText: stored)?.map {
            FeedbackLabel(value: $0.value, sentiment: $0.sentiment ?? "neutral")
        }
    }

    /// A project's types: the built-ins (a declared type of the same name replaces one) and its own.
    static func merged(_ declared: [FeedbackTypeRecord]) -> [FeedbackTypeModel] {
        var types = builtIn
        for record in declared {
            let model = FeedbackTypeModel(type: record.type, values: labels(record.values))
            if let index = types.firstIndex(where: { $0.type == record.type }) {
                types[index] = model
            } else {
                types.append(model)
            }
        }
        return types
    }
}
