"""`tf.dtypes`: the dtype objects, `as_dtype` and `cast`."""
from ..dtypes import (DType, as_dtype, bool, double, float16, float32, float64, half, int8, int16,
                      int32, int64, string, uint8)
from ..ops.array_ops import cast

__all__ = ["DType", "as_dtype", "bool", "double", "float16", "float32", "float64", "half",
           "int8", "int16", "int32", "int64", "string", "uint8", "cast"]
