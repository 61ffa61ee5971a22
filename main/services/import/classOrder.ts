// The order classes (and files) are listed in: by Unicode code point, exactly as Python's sorted() orders the
// class folders in torchvision's ImageFolder and Keras' image_dataset_from_directory, so class indices exported
// from here line up with their pipelines ("class10" comes before "class2" there, and so here). Never locale-aware.

export function codePointCompare(a: string, b: string): number {
  // UTF-16 code units order astral characters (emoji) before U+E000–U+FFFF; code points do not.
  const left = Array.from(a)
  const right = Array.from(b)
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const difference = left[i].codePointAt(0)! - right[i].codePointAt(0)!
    if (difference !== 0) {
      return difference
    }
  }
  return left.length - right.length
}
