import { describe, expect, it } from 'vitest';
import { editsFor } from './memory-replay.js';

// A model's fix as git prints it (git diff of the fix commit): two hunks in one file, one elsewhere.
const PATCH = `diff --git a/src/inventory/service.py b/src/inventory/service.py
index 1111111..2222222 100644
--- a/src/inventory/service.py
+++ b/src/inventory/service.py
@@ -3,3 +3,3 @@ from dataclasses import dataclass
 from collections import defaultdict
-import os
+import sys
 
@@ -31,3 +31,3 @@ class Inventory:
 
-    def needs_restock(self) -> list[int]:
+    def needs_restock(self) -> list[str]:
         return sorted(sku for sku, count in self.stock.items() if count < self.restock_threshold)
diff --git a/src/inventory/models.py b/src/inventory/models.py
--- a/src/inventory/models.py
+++ b/src/inventory/models.py
@@ -1 +1 @@
-x = 1
+x = 2
`;

describe('a fix as a replay keeps it', () => {
  it("takes the hunks of the finding's file that touch its line, as old → new blocks", () => {
    expect(editsFor(PATCH, 'src/inventory/service.py', 32)).toEqual([
      {
        old: '\n    def needs_restock(self) -> list[int]:\n        return sorted(sku for sku, count in self.stock.items() if count < self.restock_threshold)',
        new: '\n    def needs_restock(self) -> list[str]:\n        return sorted(sku for sku, count in self.stock.items() if count < self.restock_threshold)',
      },
    ]);
    // No hunk at the line (or no line): the file's hunks, not another file's.
    expect(editsFor(PATCH, 'src/inventory/service.py').map((e) => e.new.split('\n')[1])).toEqual([
      'import sys',
      '    def needs_restock(self) -> list[str]:',
    ]);
    expect(editsFor(PATCH, 'src/other.py', 3)).toEqual([]);
  });
});
