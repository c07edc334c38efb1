#ifndef SSIM_CONFORMANCE_CHDF5_SHIM_H
#define SSIM_CONFORMANCE_CHDF5_SHIM_H

// HDF5 spells its predefined types and property lists as macros over globals
// (`H5T_NATIVE_DOUBLE` is `(H5OPEN H5T_NATIVE_DOUBLE_g)`), which Swift cannot
// import, and versions some functions through macros. These inline functions
// give Swift one stable name for each.

#include <hdf5.h>

static inline hid_t chdf5_default(void) { return H5P_DEFAULT; }
static inline hid_t chdf5_all(void) { return H5S_ALL; }
static inline hid_t chdf5_error_stack_default(void) { return H5E_DEFAULT; }

static inline unsigned chdf5_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline unsigned chdf5_acc_excl(void) { return H5F_ACC_EXCL; }
static inline unsigned chdf5_acc_trunc(void) { return H5F_ACC_TRUNC; }
static inline unsigned chdf5_acc_rdwr(void) { return H5F_ACC_RDWR; }

static inline hid_t chdf5_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t chdf5_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t chdf5_native_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t chdf5_native_int32(void) { return H5T_NATIVE_INT32; }
static inline hid_t chdf5_native_uint8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t chdf5_ieee_f32le(void) { return H5T_IEEE_F32LE; }
static inline hid_t chdf5_ieee_f64le(void) { return H5T_IEEE_F64LE; }
static inline hid_t chdf5_std_i64le(void) { return H5T_STD_I64LE; }
static inline hid_t chdf5_std_i32le(void) { return H5T_STD_I32LE; }
static inline hid_t chdf5_std_u8le(void) { return H5T_STD_U8LE; }
static inline hid_t chdf5_c_s1(void) { return H5T_C_S1; }
static inline size_t chdf5_variable_size(void) { return H5T_VARIABLE; }

static inline hid_t chdf5_dataset_create_plist(void) { return H5P_DATASET_CREATE; }
static inline hid_t chdf5_group_create_plist(void) { return H5P_GROUP_CREATE; }
static inline hid_t chdf5_file_access_plist(void) { return H5P_FILE_ACCESS; }
static inline hid_t chdf5_file_create_plist(void) { return H5P_FILE_CREATE; }
static inline hid_t chdf5_link_access_plist(void) { return H5P_LINK_ACCESS; }

/// The link's type (`H5L_TYPE_HARD`, `H5L_TYPE_SOFT`, `H5L_TYPE_EXTERNAL`), or -1.
static inline int chdf5_link_type(hid_t location, const char *name) {
    H5L_info_t info;
    if (H5Lget_info(location, name, &info, H5P_DEFAULT) < 0) return -1;
    return (int)info.type;
}

/// Frees the strings HDF5 allocated while reading variable-length data.
static inline herr_t chdf5_reclaim_vlen(hid_t memory_type, hid_t space, void *buffer) {
#if H5_VERSION_GE(1, 12, 0)
    return H5Treclaim(memory_type, space, H5P_DEFAULT, buffer);
#else
    return H5Dvlen_reclaim(memory_type, space, H5P_DEFAULT, buffer);
#endif
}

#endif
