using Atdata;
using Atdata.Quickstart;

// 1. Declare a sample type: the generator writes its serializer at compile time.
var sample = new ImageSample(
    Image: new NdArray<float>([0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f], 2, 3),
    Label: "cat",
    Confidence: 0.98);

// 2. Pack it: these are the exact bytes Python atdata writes for the same values.
byte[] bytes = sample.Pack();
Console.WriteLine($"packed {nameof(ImageSample)} into {bytes.Length} bytes: {Convert.ToHexString(bytes)[..48]}…");

// 3. Read it back, typed…
ImageSample back = ImageSample.Unpack(bytes);
Console.WriteLine($"typed:   label={back.Label} confidence={back.Confidence} image shape=({string.Join(", ", back.Image.Shape.ToArray())})");
Console.WriteLine($"equal after the round trip: {back == sample}");

// 4. …or schema-free, as Python's DictSample does.
DynamicSample dynamic = DynamicSample.Unpack(bytes);
Console.WriteLine($"dynamic: fields [{string.Join(", ", dynamic.Keys)}], image dtype {dynamic.GetArray("image").DType}");

// 5. A WebDataset member, keyed like Python's uuid1 keys.
WdsSample member = sample.AsWds();
Console.WriteLine($"tar member: {member.Key}.msgpack ({member.Msgpack.Length} bytes)");
